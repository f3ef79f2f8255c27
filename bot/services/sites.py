"""Generated sites (piv.day "whites"): tiers, the draft the create wizard fills and its checks,
the quote and the one paid call, jobs, following a job live, the archive and the contacts swap.

No aiogram and no chat text here: a refused input is an `InvalidInputError(field, reason,
limits)` the view turns into words.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from enum import StrEnum
from functools import cache
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from babel import Locale, UnknownLocaleError
from pydantic import TypeAdapter, ValidationError

from bot.pivday import errors as pe
from bot.pivday import inputs
from bot.pivday.models import White, WhiteStatus, WhiteTier, normalize_tier_key
from bot.services.confirmations import Quote
from bot.services.watches import SITE_JOB, WatchService

if TYPE_CHECKING:
    from sqlalchemy.ext.asyncio import AsyncSession

    from bot.pivday import PivDayClient

CREATE_ACTION = "sites.create"
BLOG_TIER = inputs.BLOG_TIER
INCLUDED_ARTICLES = 3  # the blog tier's first articles are in its price
NAME_MIN, NAME_MAX = 2, 20
NICHE_MAX = 25
BLOG_MIN, BLOG_MAX = 3, 20
QUALITIES = ("standard", "premium")
CONTACT_MODES = ("same", "template")
STYLES = ("Random", "Minimal", "Corporate")  # the spec's examples; any text is accepted
# The public Bot API lets a bot upload files up to 50 MB; a larger archive goes as its link.
UPLOAD_LIMIT = 50 * 1024 * 1024
JOBS_PER_PAGE = 8

# What the create wizard asks first, in order, and what it offers on one optional screen.
REQUIRED = ("name", "tier_key", "niche", "country", "language")
SOCIAL = ("facebook", "instagram", "linkedin", "youtube", "tiktok")
OPTIONAL = (
    "quality",
    "domain",
    "email",
    "phone",
    "address",
    "legal_name",
    "style_hint",
    "keywords",
    "banned_words",
    "blog_count",
    "languages",  # the extra languages; the request's `languages` starts with `language`
    "contacts_mode",
    *SOCIAL,
)
# The draft keys that are not offered on their own: set through another field's answer.
DEPENDENT = {"contacts_template": "contacts_mode"}
SWAP_FIELDS = ("company", "domain", "email", "phone", "address", "legal")

# Social links must point at their own network (a Facebook URL in the Instagram slot is a slip).
_SOCIAL_HOSTS: dict[str, tuple[str, ...]] = {
    "facebook": ("facebook.com", "fb.com"),
    "instagram": ("instagram.com",),
    "linkedin": ("linkedin.com",),
    "youtube": ("youtube.com", "youtu.be"),
    "tiktok": ("tiktok.com",),
}
# CLDR territory codes that are not ISO 3166-1 countries.
_NOT_COUNTRIES = frozenset(
    {"AC", "CP", "CQ", "DG", "EA", "EU", "EZ", "IC", "QO", "TA", "UN", "XA", "XB", "XK", "ZZ"}
)
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_PHONE = re.compile(r"^\+?[0-9 ()./-]+$")
_DOMAIN = TypeAdapter(inputs.DomainName)
_LIST_SPLIT = re.compile(r"[,;\n]+")
_CODES_SPLIT = re.compile(r"[,;\s]+")


class InvalidInputError(ValueError):
    """A typed answer was refused: `reason` names why, `limits` holds the numbers to quote."""

    def __init__(self, field: str, reason: str, **limits: int) -> None:
        super().__init__(f"{field}: {reason}")
        self.field, self.reason, self.limits = field, reason, limits


class TierGoneError(LookupError):
    """The draft's tier is no longer offered (between the pick and the quote)."""


# --- checking typed answers -----------------------------------------------------------------


def _line(text: str) -> str:
    return " ".join(text.split())


def _text(field: str, text: str, *, lo: int = 1, hi: int) -> str:
    value = _line(text)
    if not lo <= len(value) <= hi:
        raise InvalidInputError(field, "length", min=lo, max=hi)
    if any(not ch.isprintable() for ch in value):
        raise InvalidInputError(field, "chars")
    return value


@cache
def _names(kind: str) -> dict[str, str]:
    """Country or language names (English, Russian, native codes) → code, case-folded."""
    found: dict[str, str] = {}
    for locale in ("en", "ru"):
        table = getattr(Locale.parse(locale), kind)
        for code, name in table.items():
            if _is_code(kind, code):
                found.setdefault(name.casefold(), code)
    return found


def _is_code(kind: str, code: str) -> bool:
    if len(code) != 2 or not code.isascii() or not code.isalpha():
        return False
    return kind == "languages" or code.upper() not in _NOT_COUNTRIES


@cache
def countries() -> frozenset[str]:
    """ISO 3166-1 alpha-2 codes (CLDR's territories, regions and placeholders left out)."""
    return frozenset(c for c in Locale.parse("en").territories if _is_code("territories", c))


@cache
def languages() -> frozenset[str]:
    """ISO 639-1 codes (CLDR's two-letter languages)."""
    return frozenset(c for c in Locale.parse("en").languages if _is_code("languages", c))


def parse_country(text: str, locale: str = "en") -> str:
    """ "DE", "de", "Germany", "Германия" → "DE"."""
    value = _line(text)
    if value.upper() in countries():
        return value.upper()
    code = _names("territories").get(value.casefold()) or _local_name("territories", value, locale)
    if code is None:
        raise InvalidInputError("country", "country")
    return code.upper()


def parse_language(text: str, locale: str = "en", *, field: str = "language") -> str:
    """ "de", "DE", "German", "немецкий" → "de"."""
    value = _line(text)
    if value.lower() in languages():
        return value.lower()
    code = _names("languages").get(value.casefold()) or _local_name("languages", value, locale)
    if code is None:
        raise InvalidInputError(field, "language")
    return code.lower()


def _local_name(kind: str, value: str, locale: str) -> str | None:
    """A name in the reader's own language, when it is neither English nor Russian."""
    try:
        table = getattr(Locale.parse(locale), kind)
    except (UnknownLocaleError, ValueError):
        return None
    folded = value.casefold()
    return next((c for c, n in table.items() if _is_code(kind, c) and n.casefold() == folded), None)


def _items(field: str, text: str, *, most: int = 30, longest: int = 50) -> list[str]:
    items: list[str] = []
    for raw in _LIST_SPLIT.split(text):
        item = _line(raw)
        if not item or item.casefold() in (i.casefold() for i in items):
            continue
        if len(item) > longest or any(not ch.isprintable() for ch in item):
            raise InvalidInputError(field, "item", max=longest)
        items.append(item)
    if not items:
        raise InvalidInputError(field, "empty")
    if len(items) > most:
        raise InvalidInputError(field, "count", max=most)
    return items


def _extra_languages(text: str, locale: str) -> list[str]:
    codes: list[str] = []
    for raw in _CODES_SPLIT.split(text):
        if raw and (code := parse_language(raw, locale, field="languages")) not in codes:
            codes.append(code)
    if not codes:
        raise InvalidInputError("languages", "empty")
    if len(codes) > 10:
        raise InvalidInputError("languages", "count", max=10)
    return codes


def _domain(field: str, text: str) -> str:
    value = text.strip().lower().rstrip(".")
    try:
        return _DOMAIN.validate_python(value)
    except ValidationError:
        raise InvalidInputError(field, "domain") from None


def _email(field: str, text: str) -> str:
    value = text.strip()
    if len(value) > 100 or not _EMAIL.match(value):
        raise InvalidInputError(field, "email")
    return value


def _phone(field: str, text: str) -> str:
    value = _line(text)
    digits = sum(ch.isdigit() for ch in value)
    if not _PHONE.match(value) or not 5 <= digits <= 20:
        raise InvalidInputError(field, "phone")
    return value


def _url(field: str, text: str) -> str:
    value = text.strip()
    parts = urlsplit(value)
    host = (parts.hostname or "").lower()
    if parts.scheme not in ("http", "https") or "." not in host or len(value) > 300:
        raise InvalidInputError(field, "url")
    if any(ch.isspace() for ch in value):
        raise InvalidInputError(field, "url")
    sites = _SOCIAL_HOSTS[field]
    if not any(host == s or host.endswith("." + s) for s in sites):
        raise InvalidInputError(field, "url_site")
    return value


def _count(field: str, text: str) -> int:
    value = text.strip()
    if not value.isdigit() or not BLOG_MIN <= int(value) <= BLOG_MAX:
        raise InvalidInputError(field, "number", min=BLOG_MIN, max=BLOG_MAX)
    return int(value)


def _choice(field: str, text: str, choices: Sequence[str]) -> str:
    if text not in choices:
        raise InvalidInputError(field, "choice")
    return text


Parser = Callable[[str, str], Any]  # (typed text, reader's locale) → the value to store

_PARSERS: dict[str, Parser] = {
    "name": lambda s, _: _text("name", s, lo=NAME_MIN, hi=NAME_MAX),
    "niche": lambda s, _: _text("niche", s, hi=NICHE_MAX),
    "country": lambda s, loc: parse_country(s, loc),
    "language": lambda s, loc: parse_language(s, loc),
    "quality": lambda s, _: _choice("quality", s, QUALITIES),
    "domain": lambda s, _: _domain("domain", s),
    "email": lambda s, _: _email("email", s),
    "phone": lambda s, _: _phone("phone", s),
    "address": lambda s, _: _text("address", s, hi=200),
    "legal_name": lambda s, _: _text("legal_name", s, hi=100),
    "style_hint": lambda s, _: _text("style_hint", s, hi=50),
    "keywords": lambda s, _: _items("keywords", s),
    "banned_words": lambda s, _: _items("banned_words", s),
    "blog_count": lambda s, _: _count("blog_count", s),
    "languages": _extra_languages,
    "contacts_mode": lambda s, _: _choice("contacts_mode", s, CONTACT_MODES),
    "contacts_template": lambda s, _: _text("contacts_template", s, hi=500),
    **{net: (lambda s, _, net=net: _url(net, s)) for net in SOCIAL},  # type: ignore[misc]
    # the contacts swap
    "company": lambda s, _: _text("company", s, hi=100),
    "legal": lambda s, _: _text("legal", s, hi=100),
}


def parse(field: str, text: str, locale: str = "en") -> Any:
    """The value to store for a typed (or picked) answer; InvalidInputError says why not."""
    if not text.strip():
        raise InvalidInputError(field, "empty")
    return _PARSERS[field](text, locale)


# --- the draft ------------------------------------------------------------------------------


def first_missing(draft: Mapping[str, Any]) -> str | None:
    """The first required field not answered yet (None: the summary can be shown)."""
    return next((f for f in REQUIRED if draft.get(f) in (None, "")), None)


def offered(draft: Mapping[str, Any]) -> tuple[str, ...]:
    """The optional fields that apply to the draft (blog articles only on the blog tier)."""
    blog = normalize_tier_key(draft.get("tier_key")) == BLOG_TIER
    return tuple(f for f in OPTIONAL if f != "blog_count" or blog)


def with_value(draft: Mapping[str, Any], field: str, value: Any) -> dict[str, Any]:
    """The draft with `field` set (None clears it), keeping what depends on it consistent."""
    new = {k: v for k, v in draft.items() if k != field}
    if value is not None:
        new[field] = value
    for dependent, parent in DEPENDENT.items():
        if parent == field and value != "template":
            new.pop(dependent, None)
    if isinstance(new.get("languages"), list):  # extra languages: never the main one again
        new["languages"] = [c for c in new["languages"] if c != new.get("language")]
        if not new["languages"]:
            del new["languages"]
    if "blog_count" in new and "blog_count" not in offered(new):
        del new["blog_count"]
    return new


def with_tier(draft: Mapping[str, Any], tier: WhiteTier) -> dict[str, Any]:
    new = with_value(draft, "tier_key", tier.tier_key)
    new["tier"] = tier_facts(tier)
    return new


def tier_facts(tier: WhiteTier) -> dict[str, Any]:
    """What a card shows about a tier, JSON-ready (stored with the draft and the quote)."""
    extra = tier.extra_article_price
    return {
        "name": tier.name or tier.tier_key,
        "price": str(tier.price),
        "extra_article_price": None if extra is None else str(extra),
        "max_articles": tier.max_articles,
    }


def create_request(draft: Mapping[str, Any]) -> dict[str, Any]:
    """The exact POST /whites body for a complete draft: only what was entered."""
    request: dict[str, Any] = {f: draft[f] for f in REQUIRED}
    for name in (*OPTIONAL, *DEPENDENT):
        if name in draft and name != "languages":
            request[name] = draft[name]
    if draft.get("languages"):
        request["languages"] = [draft["language"], *draft["languages"]]
    if "blog_count" in request and "blog_count" not in offered(draft):
        del request["blog_count"]
    inputs.body(inputs.WhiteCreateBody, **request)  # the client's own checks, before any card
    return request


def extra_articles(request: Mapping[str, Any]) -> int:
    count = request.get("blog_count")
    return max(0, int(count) - INCLUDED_ARTICLES) if count is not None else 0


def known_cost(tier: Mapping[str, Any], request: Mapping[str, Any]) -> Decimal:
    """The tier price plus the articles beyond those included. Premium quality and extra
    languages cost more too, by an amount piv.day computes at creation (the card says so)."""
    cost = Decimal(tier["price"])
    if tier.get("extra_article_price") is not None:
        cost += Decimal(tier["extra_article_price"]) * extra_articles(request)
    return cost


def open_costs(request: Mapping[str, Any]) -> dict[str, int]:
    """What adds a cost the quote can't price: premium quality, extra languages."""
    return {
        "premium": int(request.get("quality") == "premium"),
        "languages": max(0, len(request.get("languages") or []) - 1),
    }


# --- reading piv.day ------------------------------------------------------------------------


async def tiers(client: PivDayClient) -> list[WhiteTier]:
    return sorted(await client.whites.tiers(), key=lambda t: (t.price, t.tier_key))


async def tier(client: PivDayClient, tier_key: str) -> WhiteTier:
    key = normalize_tier_key(tier_key)
    found = next((t for t in await client.whites.tiers() if t.tier_key == key), None)
    if found is None:
        raise TierGoneError(tier_key)
    return found


async def quote_create(client: PivDayClient, draft: Mapping[str, Any]) -> Quote:
    """Price from the live tiers, balance from GET /account, both read now."""
    request = create_request(draft)
    facts = tier_facts(await tier(client, request["tier_key"]))
    account = await client.account.get()
    params = {"request": request, "tier": facts}
    return Quote(CREATE_ACTION, params, known_cost(facts, request), account.balance)


async def create(client: PivDayClient, params: Mapping[str, Any]) -> dict[str, Any]:
    """The paid call (after Confirm): POST /whites with the stored body, nothing else."""
    created = await client.whites.create(**params["request"])
    return {"white": created.white.model_dump(mode="json")}


@dataclass(frozen=True, slots=True)
class JobsPage:
    items: list[White]
    number: int  # 0-based, clamped
    count: int  # pages, at least 1
    total: int


async def jobs(
    client: PivDayClient,
    *,
    status: str | None = None,
    tier_key: str | None = None,
    page: int = 0,
    per_page: int = JOBS_PER_PAGE,
) -> JobsPage:
    """One page of jobs, paged by piv.day; a page past the end (jobs went away) shows the last."""
    for _ in range(2):
        found = await client.whites.list(
            limit=per_page, offset=max(0, page) * per_page, status=status, tier_key=tier_key
        )
        total = found.pagination.total
        count = max(1, -(-total // per_page))
        if found.items or page <= 0 or page < count:
            return JobsPage(list(found.items), max(0, page), count, total)
        page = count - 1
    return JobsPage([], page, count, total)


async def job(client: PivDayClient, white_id: str) -> White:
    return await client.whites.get(white_id)


def is_final(white: White) -> bool:
    return white.status_word in (WhiteStatus.DONE, WhiteStatus.FAILED)


# --- following a job ------------------------------------------------------------------------

FOLLOW_FIRST = 5.0  # seconds to the first poll, then ×1.5 up to FOLLOW_MAX
FOLLOW_MAX = 60.0
FOLLOW_LASTS = 3600.0  # stop updating after an hour; the card says how to refresh


def next_poll(previous: float | None) -> float:
    return FOLLOW_FIRST if previous is None else min(FOLLOW_MAX, previous * 1.5)


async def follow(
    session: AsyncSession,
    *,
    white: White,
    owner_id: int,
    api_key_id: int,
    chat_id: int,
    locale: str,
    message_id: int,
) -> bool:
    """Keep the job card `message_id` up to date until the job ends (bot.watching polls it;
    the events hub pokes it on white.completed / white.failed). One watch per job: when this
    user already follows it, the watch moves to this card. False when someone else does."""
    white_id = str(white.id)
    watches = WatchService(session)
    started = await watches.start(
        kind=SITE_JOB,
        target=white_id,
        owner_id=owner_id,
        api_key_id=api_key_id,
        chat_id=chat_id,
        locale=locale,
        every=FOLLOW_FIRST,
        lasts=FOLLOW_LASTS,
        state={"white": white.model_dump(mode="json")},  # the card's last words need it
        message_id=message_id,
        first_in=FOLLOW_FIRST,
    )
    if started is not None:
        return True
    active = await watches.active(SITE_JOB, white_id)
    if active is None or active.owner_id != owner_id:
        return False
    await watches.attach_message(active.id, message_id)
    return True


# --- the archive and the swap ---------------------------------------------------------------


class Delivery(StrEnum):
    FILE = "file"  # `content` holds the archive
    TOO_LARGE = "too_large"  # over the upload limit: send the link
    UNFETCHED = "unfetched"  # the file host failed us: send the link


@dataclass(frozen=True, slots=True)
class Archive:
    delivery: Delivery
    filename: str
    url: str
    expires_at: datetime | None
    content: bytes | None = field(default=None, repr=False)


async def archive(client: PivDayClient, white_id: str, *, max_bytes: int | None = None) -> Archive:
    """A fresh signed link (NotReadyError before the job is done), then the file itself when
    it fits in an upload (`max_bytes`, default UPLOAD_LIMIT); otherwise the link, valid about
    5 minutes."""
    limit = UPLOAD_LIMIT if max_bytes is None else max_bytes
    link = await client.whites.download(white_id)
    filename = (link.filename or f"{white_id}.zip").replace("/", "_").replace("\\", "_")
    try:
        content = await client.fetch_file(link.url, max_bytes=limit)
    except pe.PivDayTransportError:
        return Archive(Delivery.UNFETCHED, filename, link.url, link.expires_at)
    if content is None:
        return Archive(Delivery.TOO_LARGE, filename, link.url, link.expires_at)
    return Archive(Delivery.FILE, filename, link.url, link.expires_at, content)


async def swap(client: PivDayClient, white_id: str, values: Mapping[str, str]) -> None:
    """POST /whites/{id}/config with the fields entered (no re-generation, no charge)."""
    if not any(values.get(f) for f in SWAP_FIELDS):
        raise InvalidInputError("swap", "nothing")
    await client.whites.update_config(
        white_id=white_id,
        company=values.get("company"),
        domain=values.get("domain"),
        email=values.get("email"),
        phone=values.get("phone"),
        address=values.get("address"),
        legal=values.get("legal"),
    )
