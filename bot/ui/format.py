"""Text pieces shared by menus and cards. Anything the user or piv.day supplied is html-escaped."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from functools import cache
from html import escape

from babel import Locale, UnknownLocaleError

from bot.db.models import ApiKey
from bot.pivday.models import Account
from bot.ui.paging import Translator


def money(value: Decimal) -> str:
    """Dollars to the cent: "$1,234.50", "-$0.75"."""
    amount = value.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    return f"{'-' if amount < 0 else ''}${abs(amount):,.2f}"


def flag(country_code: str) -> str:
    """🇸🇪 from "SE" (regional indicator symbols); empty if it is not two letters."""
    code = country_code.upper()
    if len(code) != 2 or not code.isascii() or not code.isalpha():
        return ""
    return "".join(chr(0x1F1E6 + ord(ch) - ord("A")) for ch in code)


@cache
def _territories(locale: str) -> dict[str, str]:
    try:
        return dict(Locale.parse(locale).territories)
    except (UnknownLocaleError, ValueError):
        return {}


def country_name(t: Translator, country_code: str) -> str:
    """ "Sweden" / "Швеция" (not escaped: for sorting and comparing); the code when unknown."""
    code = country_code.upper()
    return _territories(t.locale).get(code) or code


def place(t: Translator, country_code: str) -> str:
    """ "🇸🇪 Sweden" in the reader's language (CLDR names via Babel); the code when unknown."""
    code = country_code.upper()
    return escape(f"{flag(code)} {country_name(t, code)}".strip())


def clip(text: str, limit: int) -> str:
    """`text` HTML-escaped, at most `limit` characters of output, "…" at the end when cut.
    Escaping grows text (& → &amp;), so the budget counts what is sent."""
    escaped = escape(text)
    if len(escaped) <= limit:
        return escaped
    out: list[str] = []
    size = 0
    for ch in text:
        piece = escape(ch)
        if size + len(piece) > limit - 1:
            break
        out.append(piece)
        size += len(piece)
    return "".join(out) + "…"


def plain_clip(text: str, limit: int) -> str:
    """A button label (not HTML) of at most `limit` characters."""
    return text if len(text) <= limit else text[: limit - 1] + "…"


def key_name(key: ApiKey) -> str:
    """ "personal · …a1b2": the label (user-typed, so escaped) and the mask, never more."""
    return f"{escape(key.label)} · {escape(key.mask)}"


def sandbox_banner(t: Translator, sandbox_mode: bool) -> list[str]:
    return [t.get("banner-sandbox"), ""] if sandbox_mode else []


def balance_line(t: Translator, key: ApiKey, account: Account | None) -> str:
    if account is None:
        return t.get("menu-balance-unavailable", key=key_name(key))
    return t.get("menu-balance", balance=money(account.balance), key=key_name(key))


def account_card(t: Translator, key: ApiKey, account: Account, *, sandbox_mode: bool) -> str:
    lines = [*sandbox_banner(t, sandbox_mode), t.get("account-title")]
    lines.append(t.get("account-balance", balance=money(account.balance)))
    lines.append(t.get("account-email", email=escape(account.email or "-")))
    lines.append(t.get("account-user-id", user_id=escape(str(account.user_id))))
    if account.team_id:
        lines.append(t.get("account-team", team_id=escape(str(account.team_id))))
        member = t.get("common-yes") if account.is_team_member else t.get("common-no")
        lines.append(t.get("account-team-member", member=member))
    else:
        lines.append(t.get("account-no-team"))
    lines.append(t.get("account-key", key=key_name(key)))
    return "\n".join(lines)
