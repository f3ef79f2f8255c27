"""SMS on a number: the history with codes picked out, sending (recipient and text checked here
first, cost from the country's live price), Google verification, and waiting for a code by
polling the history (for deployments piv.day's webhooks cannot reach)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

import phonenumbers
from sqlalchemy.ext.asyncio import AsyncSession

from bot.pivday.models import NumberStatus
from bot.services.codes import extract_code
from bot.services.confirmations import Quote
from bot.services.numbers import CENT, InputRefused, Listing, country_of, fetch_page
from bot.services.watches import NUMBER_CODE, WatchService

if TYPE_CHECKING:
    from bot.db.models import Watch
    from bot.pivday import PivDayClient
    from bot.pivday.models import Number, SmsMessage

SEND_ACTION = "numbers.send_sms"
VERIFY_ACTION = "numbers.verify"
HISTORY_PER_PAGE = 5  # messages per screen (bodies are long; the screen stays under 4096)
BODY_MAX = 1600  # characters, like common SMS gateways; piv.day refuses overlong bodies
URL_MAX = 2048


@dataclass(frozen=True, slots=True)
class Sms:
    """One message of the history and the code found in it (inbound only)."""

    message: SmsMessage
    code: str | None


def _coded(message: SmsMessage) -> Sms:
    inbound = message.direction != "outbound"
    return Sms(message, extract_code(message.message_body) if inbound else None)


async def history(client: PivDayClient, piv_num_id: str, page: int) -> Listing[Sms]:
    """Screen `page` of the history, newest first (piv.day's order)."""
    listing = await fetch_page(
        lambda limit, offset: client.numbers.sms(piv_num_id, limit=limit, offset=offset),
        page,
        HISTORY_PER_PAGE,
    )
    coded = [_coded(m) for m in listing.items]
    return Listing(coded, listing.page, listing.per_page, listing.total)


# --- sending ------------------------------------------------------------------------------------


class InvalidRecipientError(InputRefused):
    """`reason`: "format" (not a phone number in international form) or "invalid" (no such
    number exists in its country's plan)."""


def normalize_recipient(text: str) -> str:
    """A typed phone number as E.164 (`+14155551234`), checked with libphonenumber's metadata.
    Spaces, dashes, dots and brackets are dropped; a leading 00 counts as +."""
    raw = "".join(ch for ch in text.strip() if ch not in " -.()\u00a0")
    if raw.startswith("00"):
        raw = "+" + raw[2:]
    if not raw.startswith("+") or not raw[1:].isdigit() or len(raw) > 16:
        raise InvalidRecipientError("format")
    try:
        parsed = phonenumbers.parse(raw, None)
    except phonenumbers.NumberParseException:
        raise InvalidRecipientError("format") from None
    if not phonenumbers.is_valid_number(parsed):
        raise InvalidRecipientError("invalid")
    return phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164)


# GSM 03.38: the basic set costs one septet a character, the extension set two (ESC + char).
GSM7_BASIC = frozenset(
    "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?"
    "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà"
)
GSM7_EXTENDED = frozenset("^{}\\[~]|€\f")
GSM7, UCS2 = "GSM-7", "UCS-2"
_SEGMENT = {GSM7: (160, 153), UCS2: (70, 67)}  # one part alone / each part of a long message


@dataclass(frozen=True, slots=True)
class Segments:
    encoding: str  # GSM7 or UCS2
    units: int  # septets (GSM-7) or UTF-16 code units (UCS-2)
    count: int  # SMS parts the carrier sends
    per_part: int  # capacity of each part at this length


def segments_of(body: str) -> Segments:
    if all(ch in GSM7_BASIC or ch in GSM7_EXTENDED for ch in body):
        encoding = GSM7
        units = sum(2 if ch in GSM7_EXTENDED else 1 for ch in body)
    else:
        encoding = UCS2
        units = len(body.encode("utf-16-le")) // 2  # an emoji is two units
    single, multi = _SEGMENT[encoding]
    if units <= single:
        return Segments(encoding, units, 1, single)
    return Segments(encoding, units, -(-units // multi), multi)


class InvalidBodyError(InputRefused):
    """`reason`: "empty", "too_long" or "control" (characters an SMS cannot carry)."""


def check_body(text: str) -> Segments:
    if not text.strip():
        raise InvalidBodyError("empty")
    if len(text) > BODY_MAX:
        raise InvalidBodyError("too_long")
    if any(ord(ch) < 32 and ch not in "\n\r\t" for ch in text):
        raise InvalidBodyError("control")
    return segments_of(text)


class SendingUnavailableError(LookupError):
    """This number's country does not send SMS (or has no outbound price right now)."""


async def sms_price(client: PivDayClient, number: Number) -> Decimal:
    """The live outbound price of one SMS from `number`, or SendingUnavailableError."""
    if number.can_send_sms is False:
        raise SendingUnavailableError(number.country_code)
    country = await country_of(client, number.country_code)
    if country is None or not country.can_send_sms or country.sms_send_price is None:
        raise SendingUnavailableError(number.country_code)
    return country.sms_send_price


async def quote_send(
    client: PivDayClient, *, piv_num_id: str, to_number: str, message_body: str
) -> Quote:
    """One SMS priced from the country's live `sms_send_price` per part (a long message is
    sent as several; piv.day may bill it as one, never as more)."""
    segments = check_body(message_body)
    number = await client.numbers.get(piv_num_id)
    price = await sms_price(client, number)
    account = await client.account.get()
    cost = (price * segments.count).quantize(CENT, rounding=ROUND_HALF_UP)
    params = {
        "piv_num_id": number.piv_num_id,
        "to_number": to_number,
        "message_body": message_body,
        # shown on the card, not sent:
        "from_number": number.phone_number,
        "encoding": segments.encoding,
        "segments": segments.count,
    }
    return Quote(SEND_ACTION, params, cost, account.balance)


async def send(client: PivDayClient, params: Mapping[str, Any]) -> dict[str, Any]:
    """The paid send (after Confirm)."""
    sent = await client.numbers.send_sms(
        piv_num_id=str(params["piv_num_id"]),
        to_number=str(params["to_number"]),
        message_body=str(params["message_body"]),
    )
    return {
        "piv_num_id": params["piv_num_id"],
        "message_id": str(sent.message_id),
        "from_number": sent.from_number or params.get("from_number"),
        "to_number": sent.to_number,
        "status": sent.status,
        "segments": params.get("segments"),
    }


# --- Google verification ------------------------------------------------------------------------


class InvalidVerifyUrlError(InputRefused):
    """`reason`: "not_url", "not_https", "not_google" or "too_long"."""


def _google_host(host: str) -> bool:
    return host == "google.com" or host.endswith(".google.com")


def check_verify_url(text: str) -> str:
    """Only an https URL on a Google host is sent to piv.day (a pasted phishing link is not)."""
    url = text.strip()
    if len(url) > URL_MAX:
        raise InvalidVerifyUrlError("too_long")
    if not url or any(ch.isspace() for ch in url):
        raise InvalidVerifyUrlError("not_url")
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError:
        raise InvalidVerifyUrlError("not_url") from None
    if not parts.scheme or not parts.netloc:
        raise InvalidVerifyUrlError("not_url")
    if parts.scheme.lower() != "https":
        raise InvalidVerifyUrlError("not_https")
    host = (parts.hostname or "").rstrip(".").lower()
    if parts.username or parts.password or port not in (None, 443) or not _google_host(host):
        raise InvalidVerifyUrlError("not_google")
    return url


class VerifyUnavailableError(ValueError):
    """The number can't run a verification: not active, or it cannot send SMS."""


async def quote_verify(client: PivDayClient, *, piv_num_id: str, gv_url: str) -> Quote:
    """piv.day does not publish the verification price: the card says so (cost 0 stored) and
    shows the balance now; a failed verification is refunded by piv.day."""
    url = check_verify_url(gv_url)
    number = await client.numbers.get(piv_num_id)
    if number.status != NumberStatus.ACTIVE or number.can_send_sms is False:
        raise VerifyUnavailableError(number.status)
    account = await client.account.get()
    params = {"piv_num_id": number.piv_num_id, "gv_url": url, "phone_number": number.phone_number}
    return Quote(VERIFY_ACTION, params, Decimal("0.00"), account.balance)


async def verify(client: PivDayClient, params: Mapping[str, Any]) -> dict[str, Any]:
    """The paid start (after Confirm): 202 with a message; the outcome comes as
    verify.completed / verify.failed."""
    ack = await client.numbers.verify(
        piv_num_id=str(params["piv_num_id"]), gv_url=str(params["gv_url"])
    )
    return {
        "piv_num_id": params["piv_num_id"],
        "phone_number": params.get("phone_number"),
        "message": ack.message,
    }


# --- waiting for a code -------------------------------------------------------------------------

WAIT_EVERY = 5.0  # seconds between polls: 12 reads a minute, well inside 100/min per key
WAIT_LASTS = 600.0  # seconds before it gives up
POLL_LIMIT = 20  # newest messages read per poll
SEEN_KEEP = 50  # ids remembered between polls (watch state is JSON)


async def _newest_ids(client: PivDayClient, piv_num_id: str) -> list[str]:
    page = await client.numbers.sms(piv_num_id, limit=POLL_LIMIT)
    return [str(m.id) for m in page.items]


async def start_waiting(
    session: AsyncSession,
    client: PivDayClient,
    number: Number,
    *,
    owner_id: int,
    api_key_id: int,
    chat_id: int,
    locale: str,
) -> Watch | None:
    """Remember what the history holds now, then start the poller (first poll in WAIT_EVERY
    seconds). None when this number is already being waited on (by anyone, any instance)."""
    seen = await _newest_ids(client, number.piv_num_id)
    return await WatchService(session).start(
        kind=NUMBER_CODE,
        target=number.piv_num_id,
        owner_id=owner_id,
        api_key_id=api_key_id,
        chat_id=chat_id,
        locale=locale,
        every=WAIT_EVERY,
        lasts=WAIT_LASTS,
        state={"seen": seen, "phone": number.phone_number},
        first_in=WAIT_EVERY,
    )


async def attach_status(session: AsyncSession, watch: Watch, message_id: int) -> None:
    await WatchService(session).attach_message(watch.id, message_id)


async def stop_waiting(session: AsyncSession, piv_num_id: str, owner_id: int) -> Watch | None:
    """The owner stops waiting; the watch as it was (None when nothing was being waited for)."""
    return await WatchService(session).cancel(NUMBER_CODE, piv_num_id, owner_id)


async def waiting(session: AsyncSession, piv_num_id: str) -> Watch | None:
    return await WatchService(session).active(NUMBER_CODE, piv_num_id)


async def poke(session: AsyncSession, piv_num_id: str) -> bool:
    """Something arrived on the number: its poller (if any) looks now, not in up to 5 s."""
    return await WatchService(session).poke(NUMBER_CODE, piv_num_id)


@dataclass(frozen=True, slots=True)
class Arrivals:
    fresh: list[Sms]  # inbound messages not seen before, oldest first
    seen: list[str]  # what to remember for the next poll
    code: str | None  # the first code among them


async def arrivals(client: PivDayClient, piv_num_id: str, seen: Sequence[str]) -> Arrivals:
    """One poll: the newest POLL_LIMIT messages against the ids seen so far."""
    page = await client.numbers.sms(piv_num_id, limit=POLL_LIMIT)
    known = set(seen)
    new = [m for m in page.items if str(m.id) not in known]
    fresh = [_coded(m) for m in reversed(new) if m.direction != "outbound"]
    remember = [str(m.id) for m in new] + list(seen)
    code = next((s.code for s in fresh if s.code), None)
    return Arrivals(fresh, remember[:SEEN_KEEP], code)
