"""The numbers feature's pure pieces: SMS parts (GSM-7 vs UCS-2), recipients (libphonenumber),
Google verification links, clipping, API paging, the restore estimate, and the property tests
that hold every screen builder to Telegram's limits with extreme inputs."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from typing import Any

import phonenumbers
import pytest
from aiogram.types import InlineKeyboardMarkup
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.pivday.models import Country, Number, Page, Pagination, SmsMessage
from bot.sandbox import Sandbox
from bot.services import numbers as svc
from bot.services import sms
from bot.services.numbers import Filters, Listing
from bot.ui import number_card as card_ui
from bot.ui import numbers as numbers_ui
from bot.ui import sms as sms_ui
from bot.ui.format import clip
from bot.ui.paging import page_of
from tests.fakes.numbers_kit import tr

NOW = datetime(2026, 5, 1, 10, 0, tzinfo=UTC)

# --- SMS parts ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("body", "encoding", "units", "parts"),
    [
        ("a" * 160, "GSM-7", 160, 1),
        ("a" * 161, "GSM-7", 161, 2),
        ("a" * 306, "GSM-7", 306, 2),
        ("a" * 307, "GSM-7", 307, 3),
        ("€" * 80, "GSM-7", 160, 1),  # extension characters count twice
        ("€" * 81, "GSM-7", 162, 2),
        ("Ünïcödé? ñ à é", "UCS-2", 14, 1),  # ï, ö are not GSM-7
        ("ж" * 70, "UCS-2", 70, 1),
        ("ж" * 71, "UCS-2", 71, 2),
        ("👋" * 35, "UCS-2", 70, 1),  # an emoji is two UTF-16 units
        ("👋" * 36, "UCS-2", 72, 2),
        ("ж" * 135, "UCS-2", 135, 3),
    ],
)
def test_segments(body: str, encoding: str, units: int, parts: int) -> None:
    seg = sms.segments_of(body)
    assert (seg.encoding, seg.units, seg.count) == (encoding, units, parts)


def test_a_body_of_exactly_the_limit_is_fine() -> None:
    assert sms.check_body("x" * 1600).count == 11  # 1600 / 153, rounded up


# --- recipients -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "e164"),
    [
        ("+14155551234", "+14155551234"),
        ("+1 (415) 555-1234", "+14155551234"),
        ("0046 70 123 45 67", "+46701234567"),
        (" +44 20 7183 8750 ", "+442071838750"),
    ],
)
def test_recipients_become_e164(typed: str, e164: str) -> None:
    assert sms.normalize_recipient(typed) == e164


def test_every_number_the_sandbox_hands_out_is_a_valid_phone_number() -> None:
    sandbox = Sandbox(seed=7)
    key = sandbox.create_key(balance="0")
    for code in sandbox.countries:
        for _ in range(50):
            phone = sandbox.add_number(key, code).phone_number
            parsed = phonenumbers.parse(phone, None)
            assert phonenumbers.is_valid_number(parsed), phone
            assert phonenumbers.region_code_for_number(parsed) == code, phone


# --- verification links ---------------------------------------------------------------------


@pytest.mark.parametrize(
    "url",
    [
        "https://gv.google.com/x?y=1",
        "https://google.com/",
        "https://ACCOUNTS.GOOGLE.COM/signin",
        "https://gv.google.com:443/x",
        "https://gv.google.com./x",
    ],
)
def test_google_links_pass(url: str) -> None:
    assert sms.check_verify_url(f"  {url} ") == url


REFUSED: list[tuple[Callable[[str], object], str, str]] = [
    (sms.check_body, "", "empty"),
    (sms.check_body, " \n ", "empty"),
    (sms.check_body, "x" * 1601, "too_long"),
    (sms.check_body, "a\x00b", "control"),
    (sms.normalize_recipient, "4155551234", "format"),  # no country code
    (sms.normalize_recipient, "+", "format"),
    (sms.normalize_recipient, "+1 415 555 12x4", "format"),
    (sms.normalize_recipient, "+99912345678", "format"),  # no such country code
    (sms.normalize_recipient, "+10000000000", "invalid"),
    (sms.normalize_recipient, "+4412", "invalid"),
    (sms.normalize_recipient, "+" + "1" * 20, "format"),
    (sms.check_verify_url, "", "not_url"),
    (sms.check_verify_url, "gv.google.com/x", "not_url"),
    (sms.check_verify_url, "https://gv.google .com/x", "not_url"),
    (sms.check_verify_url, "https://[::1/x", "not_url"),
    (sms.check_verify_url, "ftp://gv.google.com/x", "not_https"),
    (sms.check_verify_url, "http://gv.google.com/x", "not_https"),
    (sms.check_verify_url, "https://notgoogle.com/x", "not_google"),
    (sms.check_verify_url, "https://google.com.evil.io/x", "not_google"),
    (sms.check_verify_url, "https://user:pass@gv.google.com/x", "not_google"),
    (sms.check_verify_url, "https://gv.google.com@evil.io/x", "not_google"),
    (sms.check_verify_url, "https://gv.google.com:8080/x", "not_google"),
    (sms.check_verify_url, "https://google.co/x", "not_google"),
    (sms.check_verify_url, "https://gv.google.com/" + "x" * 2048, "too_long"),
    (svc.validate_search, " \t ", "empty"),
    (svc.validate_search, "x" * 65, "too_long"),
    (svc.validate_name, "a\u200bb", "control"),
]


@pytest.mark.parametrize(("check", "typed", "reason"), REFUSED)
def test_refused_input_says_why(check: Callable[[str], object], typed: str, reason: str) -> None:
    with pytest.raises(svc.InputRefused) as caught:
        check(typed)
    assert caught.value.reason == reason


# --- clipping, paging, estimates ------------------------------------------------------------


@given(st.text(max_size=400), st.integers(min_value=2, max_value=300))
def test_clip_counts_what_is_sent(text: str, limit: int) -> None:
    out = clip(text, limit)
    assert len(out) <= limit
    assert "<" not in out and ">" not in out
    if len(out) < len(clip(text, 10**6)):
        assert out.endswith("…")


async def test_fetch_page_clamps_to_a_list_that_shrank() -> None:
    items = list(range(13))
    asked: list[tuple[int, int]] = []

    async def fetch(limit: int, offset: int) -> Page[int]:
        asked.append((limit, offset))
        return Page[int](
            items=items[offset : offset + limit], pagination=Pagination(total=len(items))
        )

    listing = await svc.fetch_page(fetch, 5, 5)
    assert (listing.page, listing.items, listing.total) == (2, [10, 11, 12], 13)
    assert asked == [(5, 25), (5, 10)]
    items.clear()
    listing = await svc.fetch_page(fetch, 0, 5)
    assert (listing.page, listing.items, listing.total) == (0, [], 0)


def _country(code: str, price: str) -> Country:
    return Country(country_code=code, price_per_month=Decimal(price), base_price=Decimal(price))


def _number(i: int = 0, **fields: Any) -> Number:
    values: dict[str, Any] = {
        "piv_num_id": f"vzPA1-kHKSg-EAL7e-{i:05d}",
        "phone_number": f"+4676{i:07d}",
        "country_code": "SE",
        "status": "active",
        "created_at": NOW,
        "expires_at": NOW + timedelta(days=30),
        "auto_renew": False,
    }
    values.update(fields)
    return Number(**values)


def test_restore_estimate_is_the_multiplier_per_number() -> None:
    numbers = [_number(1), _number(2, country_code="GB"), _number(3, country_code="XX")]
    countries = [_country("SE", "4.00"), _country("GB", "3.33")]
    assert svc.restore_cost(numbers, countries) == Decimal("11.00")  # 6.00 + 5.00 (4.995) + 0


def test_days_left() -> None:
    assert svc.days_left(_number(), NOW) == 30
    assert svc.days_left(_number(), NOW + timedelta(days=29, hours=1)) == 1
    assert svc.days_left(_number(), NOW + timedelta(days=31)) == 0
    assert svc.days_left(_number(expires_at=None), NOW) is None


# --- every builder within Telegram's limits, whatever piv.day or the user sends -------------

# Names, bodies and tags as people write them: emoji, RTL scripts, HTML-looking text, long.
PIECES = [*"ab &<>\"'\n", "👋", "🇸🇪", "ж", "ש", "ل", "\u200f", "\u202e", "𝕏", "€", "{", "שלום"]
TEXT = st.lists(st.sampled_from(PIECES), max_size=300).map("".join)
LONG_TEXT = st.one_of(TEXT, st.text(max_size=2000), st.just("&" * 2000))
STATUS = st.sampled_from(["active", "expired", "pending_restore", "suspended", ""])
IDS = st.from_regex(r"[A-Za-z0-9]{5}-[A-Za-z0-9]{5}-[A-Za-z0-9]{5}-[A-Za-z0-9]{5}", fullmatch=True)
TAGS = st.lists(TEXT, max_size=30)
LOCALE = st.sampled_from(["en", "ru"])
ALLOWED_TAGS = re.compile(r"</?(?:b|code|blockquote)>")
FAST = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@st.composite
def numbers_(draw: st.DrawFn) -> Number:
    return _number(
        draw(st.integers(min_value=0, max_value=99999)),
        piv_num_id=draw(IDS),
        phone_number=draw(st.one_of(st.just("+46764794425"), TEXT)),
        country_code=draw(st.sampled_from(["SE", "US", "XX", "", "ZZ"])),
        status=draw(STATUS),
        custom_name=draw(st.one_of(st.none(), TEXT)),
        tags=draw(TAGS),
        auto_renew=draw(st.booleans()),
        can_send_sms=draw(st.one_of(st.none(), st.booleans())),
        expires_at=draw(st.one_of(st.none(), st.just(NOW + timedelta(days=400)))),
    )


def assert_fits(screen: tuple[str, InlineKeyboardMarkup | None]) -> None:
    text, markup = screen
    assert 0 < len(text) <= 4096
    assert not ALLOWED_TAGS.sub("", text).count("<"), "user text reached the HTML unescaped"
    if markup is None:
        return
    buttons = [b for row in markup.inline_keyboard for b in row]
    assert len(buttons) <= 100
    for b in buttons:
        assert b.callback_data is None or len(b.callback_data.encode()) <= 64
        assert 0 < len(b.text) <= 64


@FAST
@given(st.lists(numbers_(), min_size=0, max_size=200), LOCALE, st.integers(0, 40), st.data())
def test_list_screen(numbers: list[Number], locale: str, page: int, data: st.DataObject) -> None:
    t = tr(locale)
    per_page = svc.LIST_PER_PAGE
    listing = Listing(numbers[page * per_page :][:per_page], page, per_page, len(numbers))
    filters = Filters(
        status=data.draw(st.sampled_from([None, "active", "expired"])),
        country=data.draw(st.sampled_from([None, "SE"])),
        search=data.draw(st.one_of(st.none(), TEXT.filter(bool))),
    )
    assert_fits(card_ui.list_screen(t, listing, filters, now=NOW))


@FAST
@given(numbers_(), LOCALE, st.booleans(), st.booleans(), st.one_of(st.none(), TEXT))
def test_card(number: Number, locale: str, waiting: bool, sandbox: bool, note: str | None) -> None:
    extras = card_ui.CardExtras(waiting=waiting, sandbox=sandbox, note=note and clip(note, 200))
    assert_fits(card_ui.card(tr(locale), number, extras, now=NOW))
    assert_fits(card_ui.renew_step(tr(locale), number, Decimal("12345.67")))
    assert_fits(card_ui.rename_step(tr(locale), number.phone_number, number.custom_name, "x"))


@FAST
@given(st.lists(numbers_(), max_size=200), st.data(), LOCALE, st.integers(0, 40))
def test_restore_picker(
    candidates: list[Number], data: st.DataObject, locale: str, page: int
) -> None:
    ids = [n.piv_num_id for n in candidates]
    selected = data.draw(st.lists(st.sampled_from(ids), max_size=100)) if ids else []
    screen = card_ui.restore_picker(tr(locale), candidates, selected, Decimal("9999.99"), page)
    assert_fits(screen)


@FAST
@given(st.lists(st.sampled_from(["SE", "US", "GB", "IL", "SA", "RU", "ZZ"]), max_size=200), LOCALE)
def test_country_screens(codes: list[str], locale: str) -> None:
    t = tr(locale)
    countries = [_country(c, "4.00") for c in codes]
    for page in (0, 5, 100):
        assert_fits(numbers_ui.countries_step(t, page_of(countries, page, numbers_ui.PER_PAGE)))
        assert_fits(numbers_ui.prices_screen(t, page_of(countries, page, numbers_ui.PER_PAGE)))
        assert_fits(card_ui.country_picker(t, countries, Filters(), page))


@st.composite
def messages(draw: st.DrawFn) -> sms.Sms:
    body = draw(LONG_TEXT)
    message = SmsMessage(
        id=str(draw(st.integers(0, 10**9))),
        from_number=draw(st.one_of(st.none(), TEXT)),
        to_number=draw(st.one_of(st.none(), TEXT)),
        message_body=body,
        direction=draw(st.sampled_from(["inbound", "outbound", "weird", None])),
        status=draw(st.one_of(st.none(), TEXT)),
        received_at=NOW,
    )
    code = draw(st.one_of(st.none(), st.from_regex(r"\d{4,8}", fullmatch=True)))
    return sms.Sms(message, code)


@FAST
@given(st.lists(messages(), max_size=5), numbers_(), LOCALE, st.integers(0, 1000))
def test_history_and_incoming(
    items: list[sms.Sms], number: Number, locale: str, total: int
) -> None:
    t = tr(locale)
    listing = Listing(items, 3, sms.HISTORY_PER_PAGE, max(total, len(items)))
    assert_fits(sms_ui.history_screen(t, number, listing))
    for item in items:
        assert_fits(sms_ui.incoming(t, number.phone_number, item))


@FAST
@given(
    st.text(min_size=1, max_size=1600).filter(str.strip),
    TEXT,
    LONG_TEXT,
    st.lists(TEXT, max_size=100),
    LOCALE,
)
def test_confirmation_cards_and_results(
    body: str, phone: str, url: str, phones: list[str], locale: str
) -> None:
    t = tr(locale)
    views = [
        (
            sms_ui.SEND_VIEW,
            {"message_body": body, "to_number": phone, "from_number": phone, "segments": 3},
            {"from_number": phone, "to_number": phone, "status": phone},
        ),
        (
            sms_ui.VERIFY_VIEW,
            {"gv_url": url, "phone_number": phone, "piv_num_id": "x"},
            {"phone_number": phone, "message": url},
        ),
        (
            card_ui.RESTORE_VIEW,
            {"piv_num_ids": phones, "phones": phones},
            {"cost": "12.50", "queued": len(phones), "skipped": 0},
        ),
        (
            card_ui.RENEW_VIEW,
            {"piv_num_id": "x", "duration_months": 12, "phone_number": phone, "expires_at": url},
            {"cost": "48.00", "phone_number": phone, "new_expires_at": url},
        ),
    ]
    for view, params, result in views:
        title = t.get(view.title_key)
        assert_fits((f"<b>{title}</b>\n{view.describe(t, params)}", None))
        assert_fits((view.result(t, result), None))


@FAST
@given(TEXT, IDS, LOCALE, st.from_regex(r"\d{4,8}", fullmatch=True))
def test_wait_messages(phone: str, piv_num_id: str, locale: str, code: str) -> None:
    t = tr(locale)
    assert_fits(sms_ui.waiting(t, piv_num_id, phone))
    assert_fits(sms_ui.wait_timed_out(t, piv_num_id, phone))
    assert_fits(sms_ui.wait_stopped(t, piv_num_id, phone))
    for text in (
        sms_ui.wait_done(t, phone, code),
        sms_ui.wait_key_gone(t, phone),
        sms_ui.wait_number_gone(t, phone),
    ):
        assert_fits((text, None))
    for typed in (
        sms_ui.recipient_step(t, phone, "x"),
        sms_ui.verify_step(t, phone, "x"),
        card_ui.search_step(t, "x"),
    ):
        assert_fits(typed)


def test_a_number_button_always_has_text() -> None:
    """Telegram refuses a button without text: a number piv.day sent without a phone or a
    country still gets one (found by the property test above)."""
    number = _number(phone_number="", country_code="", custom_name=None)
    listing = Listing([number], 0, svc.LIST_PER_PAGE, 1)
    _text, markup = card_ui.list_screen(tr("en"), listing, Filters(), now=NOW)
    assert markup.inline_keyboard[0][0].text == number.piv_num_id


def test_every_wizard_has_its_own_flow_id() -> None:
    """Two flows with one id would answer each other's Back / Cancel / picks (the stale-button
    handlers of one feature would swallow another's)."""
    import importlib
    import pkgutil

    import bot.ui
    from bot.ui.wizard import Wizard

    flows: dict[str, str] = {}
    for info in pkgutil.iter_modules(bot.ui.__path__):
        module = importlib.import_module(f"bot.ui.{info.name}")
        for name, value in vars(module).items():
            if isinstance(value, Wizard):
                where = f"{info.name}.{name}"
                assert flows.setdefault(value.flow, where) == where, (value.flow, flows)
    assert len(flows) >= 8
