"""SMS on a number: history (codes picked out, copy buttons), the send-an-SMS and Google
verification steps with their confirmation views, and the wait-for-a-code messages."""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from aiogram.fsm.state import State, StatesGroup
from aiogram.types import CopyTextButton, InlineKeyboardButton, InlineKeyboardMarkup

from bot.pivday.models import Number
from bot.services.numbers import Listing
from bot.services.sms import BODY_MAX, WAIT_LASTS, Sms, segments_of
from bot.ui.confirm import ActionView, Pricing, unknown
from bot.ui.format import clip, money
from bot.ui.number_card import moment, to_card
from bot.ui.numbers import NumberCallback, NumberOp, after_purchase, number_button, number_link
from bot.ui.paging import Translator, checked, paged_keyboard, remote_page
from bot.ui.wizard import Wizard, reason_text

Screen = tuple[str, InlineKeyboardMarkup]
PHONE_MAX = 32
HISTORY_BODY_MAX = 600  # escaped characters of one message in the history (5 per screen)
INCOMING_BODY_MAX = 3000  # one SMS posted on its own while waiting for a code
PREVIEW_MAX = 1000  # the text on a send confirmation card
URL_SHOWN_MAX = 300


def _phone(value: str | None) -> str:
    return clip(value or "-", PHONE_MAX)


def copy_button(t: Translator, code: str) -> InlineKeyboardButton:
    """Tapping it puts the code on the clipboard (Telegram's copy_text button)."""
    return InlineKeyboardButton(
        text=t.get("numbers-copy-code", code=code), copy_text=CopyTextButton(text=code)
    )


# --- history --------------------------------------------------------------------------------

_DIRECTION_KEYS = {"inbound": "numbers-sms-in", "outbound": "numbers-sms-out"}


def _message_lines(t: Translator, sms: Sms) -> list[str]:
    m = sms.message
    key = _DIRECTION_KEYS.get(m.direction or "", "numbers-sms-in")
    peer = m.from_number if m.direction != "outbound" else m.to_number
    head = t.get(
        key,
        peer=_phone(peer),
        status=clip(m.status or "-", 24),
        at=moment(m.received_at),
    )
    lines = [head, clip(m.message_body, HISTORY_BODY_MAX) or "—"]
    if sms.code:
        lines.append(t.get("numbers-sms-code", code=clip(sms.code, 16)))
    return lines


def history_screen(t: Translator, number: Number, listing: Listing[Sms]) -> Screen:
    page = remote_page(listing.items, listing.page, listing.per_page, total=listing.total)
    lines = [t.get("numbers-history-title", phone=_phone(number.phone_number), total=page.total)]
    if not page.total:
        lines += ["", t.get("numbers-history-empty")]
    for sms in page.items:
        lines += ["", *_message_lines(t, sms)]
    nid = number.piv_num_id
    keyboard = paged_keyboard(
        page,
        button=lambda sms: copy_button(t, sms.code) if sms.code else None,
        t=t,
        footer=[
            [
                number_button(t.get("numbers-refresh"), NumberOp.SMS, nid, str(page.number)),
                *to_card(t, nid),
            ]
        ],
        page_data=lambda n: NumberCallback(op=NumberOp.SMS, id=nid, arg=str(n)).pack(),
    )
    return "\n".join(lines), keyboard


# --- send an SMS ----------------------------------------------------------------------------


class SendSms(StatesGroup):
    to = State()
    body = State()


SEND = Wizard("nt", [SendSms.to, SendSms.body])


def recipient_step(t: Translator, phone: str | None, problem: str | None = None) -> Screen:
    return SEND.ask(t, t.get("numbers-send-to", phone=_phone(phone)), problem=problem)


def recipient_problem(t: Translator, reason: str) -> str:
    keys = {"format": "numbers-send-to-format", "invalid": "numbers-send-to-invalid"}
    return reason_text(t, keys, reason)


def body_step(
    t: Translator, data: Mapping[str, Any], price: Decimal, problem: str | None = None
) -> Screen:
    question = t.get(
        "numbers-send-body",
        phone=_phone(data.get("from")),
        to=_phone(data.get("to")),
        max=BODY_MAX,
        price=money(price),
    )
    return SEND.ask(t, question, problem=problem)


def body_problem(t: Translator, reason: str, length: int = 0) -> str:
    keys = {
        "control": "numbers-send-body-control",
        "empty": "numbers-send-body-empty",
        "too_long": "numbers-send-body-too-long",
    }
    return reason_text(t, keys, reason, max=BODY_MAX, length=length)


def sending_unavailable(t: Translator) -> str:
    return t.get("numbers-send-unavailable")


def describe_send(t: Translator, params: Mapping[str, Any]) -> str:
    body = str(params["message_body"])
    segments = segments_of(body)
    return "\n".join(
        [
            t.get(
                "numbers-send-what",
                phone=_phone(str(params.get("from_number") or "")),
                to=_phone(str(params["to_number"])),
            ),
            f"<blockquote>{clip(body, PREVIEW_MAX)}</blockquote>",
            t.get(
                "numbers-send-parts",
                encoding=segments.encoding,
                parts=segments.count,
                units=segments.units,
                per_part=segments.per_part,
            ),
        ]
    )


def send_result(t: Translator, result: Mapping[str, Any]) -> str:
    return "\n".join(
        [
            t.get(
                "numbers-sent-title",
                phone=_phone(str(result.get("from_number") or "")),
                to=_phone(str(result.get("to_number") or "")),
            ),
            t.get("numbers-sent-status", status=clip(str(result.get("status") or "-"), 24)),
        ]
    )


def _send_pricing(params: Mapping[str, Any]) -> Pricing:
    # A long message is several SMS parts: priced per part, piv.day may charge it as one.
    return Pricing.ESTIMATE if int(params.get("segments") or 1) > 1 else Pricing.EXACT


SEND_VIEW = ActionView(
    title_key="numbers-send-card-title",
    describe=describe_send,
    result=send_result,
    after=after_purchase,
    links=number_link,
    pricing=_send_pricing,
)


# --- Google verification --------------------------------------------------------------------


class Verify(StatesGroup):
    url = State()


VERIFY = Wizard("nv", [Verify.url])


def verify_step(t: Translator, phone: str | None, problem: str | None = None) -> Screen:
    return VERIFY.ask(t, t.get("numbers-verify-title", phone=_phone(phone)), problem=problem)


def verify_problem(t: Translator, reason: str) -> str:
    keys = {
        "not_url": "numbers-verify-not-url",
        "not_https": "numbers-verify-not-https",
        "not_google": "numbers-verify-not-google",
        "too_long": "numbers-verify-too-long",
    }
    return reason_text(t, keys, reason)


def verify_unavailable(t: Translator) -> str:
    return t.get("numbers-verify-unavailable")


def describe_verify(t: Translator, params: Mapping[str, Any]) -> str:
    return "\n".join(
        [
            t.get("numbers-verify-what", phone=_phone(str(params.get("phone_number") or ""))),
            t.get("numbers-verify-link", url=clip(str(params["gv_url"]), URL_SHOWN_MAX)),
            t.get("numbers-verify-refund"),
        ]
    )


def verify_result(t: Translator, result: Mapping[str, Any]) -> str:
    lines = [t.get("numbers-verify-started", phone=_phone(str(result.get("phone_number") or "")))]
    if result.get("message"):
        lines.append(t.get("numbers-verify-answer", message=clip(str(result["message"]), 200)))
    lines.append(t.get("numbers-verify-later"))
    return "\n".join(lines)


VERIFY_VIEW = ActionView(
    title_key="numbers-verify-card-title",
    describe=describe_verify,
    result=verify_result,
    after=after_purchase,
    links=number_link,
    pricing=unknown,
)


# --- waiting for a code ---------------------------------------------------------------------

WAIT_MINUTES = int(WAIT_LASTS // 60)


def waiting(t: Translator, piv_num_id: str, phone: str | None) -> Screen:
    text = t.get("numbers-wait-status", phone=_phone(phone), minutes=WAIT_MINUTES)
    stop = number_button(t.get("numbers-wait-stop"), NumberOp.STOP, piv_num_id)
    return text, checked(InlineKeyboardMarkup(inline_keyboard=[[stop]]))


def incoming(t: Translator, phone: str | None, sms: Sms) -> tuple[str, InlineKeyboardMarkup | None]:
    """One SMS that arrived while waiting, with its code and a copy button."""
    lines = [
        t.get("numbers-wait-incoming", phone=_phone(phone), sender=_phone(sms.message.from_number)),
        clip(sms.message.message_body, INCOMING_BODY_MAX) or "—",
    ]
    if not sms.code:
        return "\n".join(lines), None
    lines.append(t.get("numbers-sms-code", code=clip(sms.code, 16)))
    markup = InlineKeyboardMarkup(inline_keyboard=[[copy_button(t, sms.code)]])
    return "\n".join(lines), checked(markup)


def wait_done(t: Translator, phone: str | None, code: str) -> str:
    return t.get("numbers-wait-done", phone=_phone(phone), code=clip(code, 16))


def wait_again(t: Translator, piv_num_id: str) -> InlineKeyboardMarkup:
    again = number_button(t.get("numbers-wait-again"), NumberOp.WAIT, piv_num_id)
    return checked(InlineKeyboardMarkup(inline_keyboard=[[again], to_card(t, piv_num_id)]))


def wait_timed_out(t: Translator, piv_num_id: str, phone: str | None) -> Screen:
    text = t.get("numbers-wait-timeout", phone=_phone(phone), minutes=WAIT_MINUTES)
    return text, wait_again(t, piv_num_id)


def wait_stopped(t: Translator, piv_num_id: str, phone: str | None) -> Screen:
    return t.get("numbers-wait-stopped", phone=_phone(phone)), wait_again(t, piv_num_id)


def wait_key_gone(t: Translator, phone: str | None) -> str:
    return t.get("numbers-wait-key-gone", phone=_phone(phone))


def wait_number_gone(t: Translator, phone: str | None) -> str:
    return t.get("numbers-wait-number-gone", phone=_phone(phone))


def already_waiting(t: Translator) -> str:
    return t.get("numbers-wait-already")


def simulated(t: Translator, text: str) -> str:
    return t.get("numbers-simulated", text=text)


def simulate_failed(t: Translator) -> str:
    return t.get("numbers-simulate-failed")
