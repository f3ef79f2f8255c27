"""Sites section (piv.day whites): menu, tiers, the create wizard's screens, jobs and their
cards, the archive messages, the contacts swap, and the confirmation/result views."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime
from decimal import Decimal
from enum import StrEnum
from functools import cache
from html import escape
from typing import Any

from aiogram.filters.callback_data import CallbackData
from aiogram.fsm.state import State, StatesGroup
from aiogram.types import InlineKeyboardButton, InlineKeyboardMarkup
from babel import Locale, UnknownLocaleError

from bot.pivday.models import (
    White,
    WhiteStatus,
    WhiteTier,
    normalize_tier_key,
    white_status_word,
)
from bot.services import sites as svc
from bot.ui.callbacks import Kind, OpenCallback, Section
from bot.ui.confirm import ActionView
from bot.ui.format import money, place
from bot.ui.keyboards import section_button
from bot.ui.paging import (
    Page,
    PageCallback,
    Translator,
    checked,
    page_of,
    paged_keyboard,
    rows_of,
)
from bot.ui.wizard import Wizard, field_lines

PER_PAGE = 8
COUNTRIES_LIST, LANGUAGES_LIST = "nsc", "nsl"  # PageCallback list ids of the wizard's lists
JOBS_LIST = "sl"  # jobs: "sl.<status>.<tier>" (the filters are part of the list's id)
# Offered as buttons; any other code or name can be typed.
POPULAR_COUNTRIES = (
    "US", "GB", "DE", "FR", "ES", "IT", "PL", "NL",
    "CA", "AU", "BR", "MX", "TR", "SE", "PT", "IN",
)  # fmt: skip
POPULAR_LANGUAGES = (
    "en", "de", "fr", "es", "it", "pt", "pl", "nl",
    "ru", "uk", "tr", "sv", "ro", "cs", "ja", "ar",
)  # fmt: skip
VALUE_CLIP = 80  # a long value is shortened on summaries and cards (the full one is sent)
LIST_CLIP = 160
# Step ids of the create wizard's picks (WizardPick.step).
STEP_TIER, STEP_COUNTRY, STEP_LANGUAGE = "t", "c", "l"
STEP_OPEN = "o"  # open an optional field (value: field)
STEP_VALUE = "v"  # a choice for the field being asked
STEP_EDIT = "e"  # edit from the summary (value: field, or EXTRAS)
STEP_CLEAR = "x"  # clear the field being asked
STEP_GO = "g"  # value: TO_SUMMARY, TO_QUOTE (create) / APPLY (swap)
EXTRAS = "extras"
TO_SUMMARY, TO_QUOTE, APPLY = "sum", "ok", "apply"


class SitesOp(StrEnum):
    NEW = "new"  # start the wizard (offers to resume a draft)
    RESUME = "resume"
    RESTART = "restart"
    TIERS = "tiers"
    FILTER = "filter"  # the jobs filter screen (status, tier carried along)


class SitesCallback(CallbackData, prefix="si"):
    op: SitesOp
    status: str = ""
    tier: str = ""


class JobOp(StrEnum):
    DOWNLOAD = "dl"
    SWAP = "swap"


class JobCallback(CallbackData, prefix="sj"):
    op: JobOp
    id: str


class CreateSite(StatesGroup):
    name = State()
    tier = State()
    niche = State()
    country = State()
    language = State()
    extras = State()  # the optional-fields screen
    field = State()  # answering one optional field
    summary = State()


class SwapSite(StatesGroup):
    form = State()
    field = State()


CREATE = Wizard(
    "ns",
    [CreateSite.name, CreateSite.tier, CreateSite.niche, CreateSite.country, CreateSite.language],
)
SWAP = Wizard("sw", [SwapSite.form, SwapSite.field])
STEP_STATES: dict[str, State] = {
    "name": CreateSite.name,
    "tier_key": CreateSite.tier,
    "niche": CreateSite.niche,
    "country": CreateSite.country,
    "language": CreateSite.language,
}

# Literal message ids (the locale check reads them).
LABEL_KEYS: dict[str, str] = {
    "name": "sites-field-name",
    "tier_key": "sites-field-tier",
    "niche": "sites-field-niche",
    "country": "sites-field-country",
    "language": "sites-field-language",
    "quality": "sites-field-quality",
    "domain": "sites-field-domain",
    "email": "sites-field-email",
    "phone": "sites-field-phone",
    "address": "sites-field-address",
    "legal_name": "sites-field-legal-name",
    "style_hint": "sites-field-style",
    "keywords": "sites-field-keywords",
    "banned_words": "sites-field-banned",
    "blog_count": "sites-field-blog-count",
    "languages": "sites-field-languages",
    "contacts_mode": "sites-field-contacts",
    "contacts_template": "sites-field-contacts-template",
    "facebook": "sites-field-facebook",
    "instagram": "sites-field-instagram",
    "linkedin": "sites-field-linkedin",
    "youtube": "sites-field-youtube",
    "tiktok": "sites-field-tiktok",
    "company": "sites-field-company",
    "legal": "sites-field-legal",
}
PROMPT_KEYS: dict[str, str] = {
    "name": "sites-ask-name",
    "niche": "sites-ask-niche",
    "country": "sites-ask-country",
    "language": "sites-ask-language",
    "quality": "sites-ask-quality",
    "domain": "sites-ask-domain",
    "email": "sites-ask-email",
    "phone": "sites-ask-phone",
    "address": "sites-ask-address",
    "legal_name": "sites-ask-legal-name",
    "style_hint": "sites-ask-style",
    "keywords": "sites-ask-keywords",
    "banned_words": "sites-ask-banned",
    "blog_count": "sites-ask-blog-count",
    "languages": "sites-ask-languages",
    "contacts_mode": "sites-ask-contacts",
    "contacts_template": "sites-ask-contacts-template",
    "facebook": "sites-ask-url",
    "instagram": "sites-ask-url",
    "linkedin": "sites-ask-url",
    "youtube": "sites-ask-url",
    "tiktok": "sites-ask-url",
    "company": "sites-ask-company",
    "legal": "sites-ask-legal",
}
PROBLEM_KEYS: dict[str, str] = {
    "empty": "sites-problem-empty",
    "length": "sites-problem-length",
    "chars": "sites-problem-chars",
    "country": "sites-problem-country",
    "language": "sites-problem-language",
    "domain": "sites-problem-domain",
    "email": "sites-problem-email",
    "phone": "sites-problem-phone",
    "url": "sites-problem-url",
    "url_site": "sites-problem-url-site",
    "number": "sites-problem-number",
    "item": "sites-problem-item",
    "count": "sites-problem-count",
    "choice": "sites-problem-choice",
    "text": "sites-problem-text",
    "nothing": "sites-swap-nothing",
}
STATUS_KEYS: dict[str, str] = {
    WhiteStatus.QUEUED: "sites-status-queued",
    WhiteStatus.PROCESSING: "sites-status-processing",
    WhiteStatus.DONE: "sites-status-done",
    WhiteStatus.FAILED: "sites-status-failed",
}
STATUS_ICONS: dict[str, str] = {
    WhiteStatus.QUEUED: "⏳",
    WhiteStatus.PROCESSING: "⚙️",
    WhiteStatus.DONE: "✅",
    WhiteStatus.FAILED: "❌",
}
TIER_KEYS: dict[str, str] = {
    "v2_tier1": "sites-tier-landing",
    "v2_tier2": "sites-tier-multipage",
    "v2_tier3": "sites-tier-blog",
}
QUALITY_KEYS = {"standard": "sites-quality-standard", "premium": "sites-quality-premium"}
CONTACTS_KEYS = {"same": "sites-contacts-same", "template": "sites-contacts-template"}


# --- small pieces ---------------------------------------------------------------------------


def clip(value: str, limit: int = VALUE_CLIP) -> str:
    """At most `limit` characters (an ellipsis marks the cut), then HTML-escaped."""
    return escape(value if len(value) <= limit else value[: limit - 1] + "…")


@cache
def _language_names(locale: str) -> dict[str, str]:
    try:
        return dict(Locale.parse(locale).languages)
    except (UnknownLocaleError, ValueError):
        return {}


def tongue(t: Translator, code: str) -> str:
    """ "German (de)" in the reader's language; the code alone when unknown."""
    name = _language_names(t.locale).get(code.lower())
    return escape(f"{name} ({code})" if name else code)


def status_text(t: Translator, status: int | str) -> str:
    """The status in words; a number (or word) the docs don't know shows as "unknown (N)"."""
    word = white_status_word(status)
    key = STATUS_KEYS.get(word or "")
    if key is None:
        return t.get("sites-status-unknown", code=escape(str(status)))
    return f"{STATUS_ICONS[str(word)]} {t.get(key)}"


def tier_name(t: Translator, tier_key: str | None) -> str:
    key = TIER_KEYS.get(str(normalize_tier_key(tier_key) or ""))
    return t.get(key) if key is not None else escape(tier_key or "-")


def _button(text: str, data: CallbackData) -> InlineKeyboardButton:
    return InlineKeyboardButton(text=text, callback_data=data.pack())


def _keyboard(rows: Sequence[Sequence[InlineKeyboardButton]]) -> InlineKeyboardMarkup:
    return checked(InlineKeyboardMarkup(inline_keyboard=[list(r) for r in rows]))


def _menu_row(t: Translator) -> list[InlineKeyboardButton]:
    return [section_button(t, Section.SITES), section_button(t, Section.HOME)]


def open_button(t: Translator, white_id: str, key: str) -> InlineKeyboardButton:
    return _button(t.get(key), OpenCallback(kind=Kind.SITE, id=white_id))


def jobs_list_id(status: str = "", tier: str = "") -> str:
    return f"{JOBS_LIST}.{status}.{tier}"


def parse_jobs_list_id(list_id: str) -> tuple[str, str] | None:
    """(status, tier) from a jobs list id; None when it is not one (or a filter is unknown)."""
    parts = list_id.split(".")
    if len(parts) != 3 or parts[0] != JOBS_LIST:
        return None
    status, tier = parts[1], parts[2]
    if (status and status not in STATUS_KEYS) or (tier and tier not in TIER_KEYS):
        return None
    return status, tier


def jobs_button(t: Translator, key: str = "sites-my-jobs") -> InlineKeyboardButton:
    return _button(t.get(key), PageCallback(list_id=jobs_list_id(), page=0))


# --- menu and tiers -------------------------------------------------------------------------


def sites_menu(t: Translator) -> tuple[str, InlineKeyboardMarkup]:
    rows = [
        [_button(t.get("sites-new"), SitesCallback(op=SitesOp.NEW)), jobs_button(t)],
        [_button(t.get("sites-tiers"), SitesCallback(op=SitesOp.TIERS))],
        [section_button(t, Section.HOME)],
    ]
    return t.get("sites-menu"), _keyboard(rows)


def tier_line(t: Translator, tier: WhiteTier) -> str:
    name = escape(tier.name or tier.tier_key)
    line = t.get("sites-tier-line", name=name, price=money(tier.price))
    if tier.extra_article_price is not None and tier.max_articles:
        line += "\n" + t.get(
            "sites-tier-articles",
            included=svc.INCLUDED_ARTICLES,
            most=tier.max_articles,
            price=money(tier.extra_article_price),
        )
    return line


def tiers_view(t: Translator, tiers: Sequence[WhiteTier]) -> tuple[str, InlineKeyboardMarkup]:
    lines = [t.get("sites-tiers-title"), ""]
    lines += [tier_line(t, tier) for tier in tiers] or [t.get("sites-no-tiers")]
    lines += ["", t.get("sites-tiers-extras")]
    rows = [[_button(t.get("sites-new"), SitesCallback(op=SitesOp.NEW))], _menu_row(t)]
    return "\n".join(lines), _keyboard(rows)


# --- the create wizard ----------------------------------------------------------------------


def value_text(t: Translator, field: str, value: Any, draft: Mapping[str, Any]) -> str:
    """One draft value as a card shows it: formatted, shortened, escaped."""
    if field == "tier_key":
        facts = draft.get("tier") or {}
        name = clip(str(facts.get("name") or value))
        return f"{name} · {money(Decimal(facts['price']))}" if "price" in facts else name
    if field == "country":
        return place(t, str(value))
    if field == "language":
        return tongue(t, str(value))
    if field == "languages":
        return clip(", ".join(str(c) for c in value), LIST_CLIP)
    if field in ("keywords", "banned_words"):
        shown = clip(", ".join(str(v) for v in value), LIST_CLIP)
        return t.get("sites-list-value", count=len(value), items=shown)
    if field == "quality":
        return t.get(QUALITY_KEYS.get(str(value), "sites-quality-standard"))
    if field == "contacts_mode":
        mode = t.get(CONTACTS_KEYS.get(str(value), "sites-contacts-same"))
        template = draft.get("contacts_template")
        return f"{mode}: {clip(str(template))}" if template else mode
    return clip(str(value))


def _fields(
    t: Translator, draft: Mapping[str, Any], names: Sequence[str], *, unset: bool
) -> list[str]:
    items = [
        (t.get(LABEL_KEYS[f]), value_text(t, f, draft[f], draft) if f in draft else None)
        for f in names
        if unset or f in draft
    ]
    return field_lines(t, items)


def _so_far(t: Translator, draft: Mapping[str, Any]) -> str:
    """The required answers given so far, above each later step."""
    lines = _fields(t, draft, [f for f in svc.REQUIRED if f in draft], unset=False)
    return "\n".join(lines)


def _step(
    t: Translator,
    draft: Mapping[str, Any],
    question: str,
    *,
    problem: str | None = None,
    rows: Sequence[Sequence[InlineKeyboardButton]] = (),
) -> tuple[str, InlineKeyboardMarkup]:
    so_far = _so_far(t, draft)
    text = f"{so_far}\n\n{question}" if so_far else question
    # After the summary was reached once, Back returns there (CreateSite handlers decide).
    return CREATE.ask(t, text, problem=problem, rows=rows)


def problem_text(t: Translator, exc: svc.InvalidInputError) -> str:
    label = t.get(LABEL_KEYS.get(exc.field, "sites-field-name"))
    key = PROBLEM_KEYS.get(exc.reason, "sites-problem-text")
    return t.get(key, field=label, min=exc.limits.get("min", 0), max=exc.limits.get("max", 0))


def not_text(t: Translator) -> str:
    return t.get(PROBLEM_KEYS["text"])


def use_buttons(t: Translator) -> str:
    return t.get(PROBLEM_KEYS["choice"])


def name_step(
    t: Translator, draft: Mapping[str, Any], problem: str | None = None
) -> tuple[str, InlineKeyboardMarkup]:
    question = t.get("sites-ask-name", min=svc.NAME_MIN, max=svc.NAME_MAX)
    return _step(t, draft, question, problem=problem)


def tier_step(
    t: Translator,
    draft: Mapping[str, Any],
    tiers: Sequence[WhiteTier],
    problem: str | None = None,
) -> tuple[str, InlineKeyboardMarkup]:
    lines = [t.get("sites-ask-tier"), ""] + [tier_line(t, tier) for tier in tiers]
    buttons = [
        CREATE.pick(STEP_TIER, tier.tier_key, f"{tier.name or tier.tier_key} · {money(tier.price)}")
        for tier in tiers
    ]
    return _step(t, draft, "\n".join(lines), problem=problem, rows=rows_of(buttons, 1))


def niche_step(
    t: Translator, draft: Mapping[str, Any], problem: str | None = None
) -> tuple[str, InlineKeyboardMarkup]:
    return _step(t, draft, t.get("sites-ask-niche", max=svc.NICHE_MAX), problem=problem)


def _code_step(
    t: Translator,
    draft: Mapping[str, Any],
    *,
    field: str,
    page: int,
    problem: str | None,
) -> tuple[str, InlineKeyboardMarkup]:
    country = field == "country"
    codes = POPULAR_COUNTRIES if country else POPULAR_LANGUAGES
    shown = page_of(codes, page, PER_PAGE)
    step = STEP_COUNTRY if country else STEP_LANGUAGE
    keyboard = paged_keyboard(
        shown,
        list_id=COUNTRIES_LIST if country else LANGUAGES_LIST,
        button=lambda c: CREATE.pick(step, c, place(t, c) if country else tongue(t, c)),
        t=t,
        columns=2,
        footer=[CREATE.nav_row(t)],
    )
    question = t.get("sites-ask-country") if country else t.get("sites-ask-language")
    text, _ = _step(t, draft, question, problem=problem)
    return text, keyboard


def country_step(
    t: Translator, draft: Mapping[str, Any], page: int = 0, problem: str | None = None
) -> tuple[str, InlineKeyboardMarkup]:
    return _code_step(t, draft, field="country", page=page, problem=problem)


def language_step(
    t: Translator, draft: Mapping[str, Any], page: int = 0, problem: str | None = None
) -> tuple[str, InlineKeyboardMarkup]:
    return _code_step(t, draft, field="language", page=page, problem=problem)


def extras_step(
    t: Translator, draft: Mapping[str, Any], problem: str | None = None
) -> tuple[str, InlineKeyboardMarkup]:
    """The one screen of optional fields: each can be filled (✏️) or left alone."""
    names = svc.offered(draft)
    lines = [t.get("sites-extras-title"), "", *_fields(t, draft, names, unset=True)]
    rows = CREATE.edit_rows(STEP_OPEN, [(f, t.get(LABEL_KEYS[f])) for f in names], t)
    rows.append([CREATE.pick(STEP_GO, TO_SUMMARY, t.get("sites-to-summary"))])
    return CREATE.ask(t, "\n".join(lines), problem=problem, rows=rows)


def _choices(t: Translator, field: str, draft: Mapping[str, Any]) -> list[InlineKeyboardButton]:
    if field == "quality":
        return [CREATE.pick(STEP_VALUE, q, t.get(QUALITY_KEYS[q])) for q in svc.QUALITIES]
    if field == "contacts_mode":
        return [CREATE.pick(STEP_VALUE, m, t.get(CONTACTS_KEYS[m])) for m in svc.CONTACT_MODES]
    if field == "style_hint":
        return [CREATE.pick(STEP_VALUE, s, s) for s in svc.STYLES]
    if field == "blog_count":
        return [CREATE.pick(STEP_VALUE, n, str(n)) for n in range(svc.BLOG_MIN, svc.BLOG_MAX + 1)]
    return []


def _question(t: Translator, field: str, draft: Mapping[str, Any]) -> str:
    label = t.get(LABEL_KEYS[field])
    if field == "blog_count":
        facts = draft.get("tier") or {}
        price = facts.get("extra_article_price")
        return t.get(
            "sites-ask-blog-count",
            min=svc.BLOG_MIN,
            max=svc.BLOG_MAX,
            included=svc.INCLUDED_ARTICLES,
            price=money(Decimal(price)) if price is not None else "-",
        )
    return t.get(PROMPT_KEYS[field], field=label)


def field_step(
    t: Translator, draft: Mapping[str, Any], field: str, problem: str | None = None
) -> tuple[str, InlineKeyboardMarkup]:
    """Ask one optional field: typed, or one of its choices; Clear when it is set."""
    current = (
        t.get(
            "wizard-field",
            field=t.get(LABEL_KEYS[field]),
            value=value_text(t, field, draft[field], draft),
        )
        if field in draft
        else None
    )
    question = _question(t, field, draft)
    text = f"{current}\n\n{question}" if current else question
    columns = 6 if field == "blog_count" else 2
    rows = rows_of(_choices(t, field, draft), columns)
    if field in draft:
        rows.append([CREATE.pick(STEP_CLEAR, field, t.get("sites-clear"))])
    return CREATE.ask(t, text, problem=problem, rows=rows)


def summary(
    t: Translator, draft: Mapping[str, Any], problem: str | None = None
) -> tuple[str, InlineKeyboardMarkup]:
    lines = [t.get("sites-summary-title"), "", *_fields(t, draft, svc.REQUIRED, unset=True), ""]
    optional = _fields(t, draft, [*svc.offered(draft)], unset=False)
    lines += [t.get("sites-summary-optional"), *optional] if optional else [t.get("sites-none")]
    editable = [(f, t.get(LABEL_KEYS[f])) for f in svc.REQUIRED]
    editable.append((EXTRAS, t.get("sites-optional-fields")))
    rows = CREATE.edit_rows(STEP_EDIT, editable, t)
    rows.append([CREATE.pick(STEP_GO, TO_QUOTE, t.get("sites-to-quote"))])
    return CREATE.ask(t, "\n".join(lines), problem=problem, rows=rows, back=False)


def resume_prompt(t: Translator, draft: Mapping[str, Any]) -> tuple[str, InlineKeyboardMarkup]:
    lines = [t.get("sites-draft-found"), "", *_fields(t, draft, svc.REQUIRED, unset=True)]
    rows = [
        [
            _button(t.get("sites-resume"), SitesCallback(op=SitesOp.RESUME)),
            _button(t.get("sites-restart"), SitesCallback(op=SitesOp.RESTART)),
        ],
        _menu_row(t),
    ]
    return "\n".join(lines), _keyboard(rows)


def left(t: Translator) -> tuple[str, InlineKeyboardMarkup]:
    text, keyboard = sites_menu(t)
    return f"{t.get('sites-left')}\n\n{text}", keyboard


def tier_gone(t: Translator) -> str:
    return t.get("sites-tier-gone")


def stale_step(t: Translator) -> str:
    return t.get("sites-stale-step")


def nothing_to_renew(t: Translator) -> str:
    return t.get("sites-nothing-to-renew")


# --- jobs -----------------------------------------------------------------------------------


def _filters_line(t: Translator, status: str, tier: str) -> str:
    return t.get(
        "sites-filters",
        status=t.get(STATUS_KEYS[status]) if status else t.get("sites-filter-any"),
        tier=tier_name(t, tier) if tier else t.get("sites-filter-any"),
    )


def job_line(t: Translator, white: White) -> str:
    parts = [f"<b>{clip(white.name, 40)}</b>", tier_name(t, white.tier_key)]
    if white.country:
        parts.append(place(t, white.country))
    if white.created_at is not None:
        parts.append(f"{white.created_at:%Y-%m-%d}")
    return f"{status_text(t, white.status)} · " + " · ".join(parts)


def jobs_view(
    t: Translator, found: svc.JobsPage, *, status: str, tier: str
) -> tuple[str, InlineKeyboardMarkup]:
    lines = [t.get("sites-jobs-title", total=found.total), _filters_line(t, status, tier), ""]
    lines += [job_line(t, w) for w in found.items] or [t.get("sites-no-jobs")]
    page = Page(found.items, found.number, found.count, found.total, found.number * PER_PAGE)
    footer = [
        [
            _button(
                t.get("sites-filter"), SitesCallback(op=SitesOp.FILTER, status=status, tier=tier)
            ),
            _button(t.get("sites-new"), SitesCallback(op=SitesOp.NEW)),
        ],
        _menu_row(t),
    ]
    keyboard = paged_keyboard(
        page,
        list_id=jobs_list_id(status, tier),
        button=lambda w: _button(
            f"{STATUS_ICONS.get(str(w.status_word), '❔')} {w.name[:40]}",
            OpenCallback(kind=Kind.SITE, id=str(w.id)),
        ),
        t=t,
        footer=footer,
    )
    return "\n".join(lines), keyboard


def filter_view(t: Translator, status: str, tier: str) -> tuple[str, InlineKeyboardMarkup]:
    def mark(on: bool, text: str) -> str:
        return f"✓ {text}" if on else text

    statuses = [("", t.get("sites-filter-any"))] + [(s, t.get(k)) for s, k in STATUS_KEYS.items()]
    tiers = [("", t.get("sites-filter-any"))] + [(k, t.get(v)) for k, v in TIER_KEYS.items()]
    status_buttons = [
        _button(mark(s == status, text), SitesCallback(op=SitesOp.FILTER, status=s, tier=tier))
        for s, text in statuses
    ]
    tier_buttons = [
        _button(mark(k == tier, text), SitesCallback(op=SitesOp.FILTER, status=status, tier=k))
        for k, text in tiers
    ]
    rows = [
        *rows_of(status_buttons, 3),
        *rows_of(tier_buttons, 2),
        [
            _button(
                t.get("sites-filter-show"), PageCallback(list_id=jobs_list_id(status, tier), page=0)
            )
        ],
    ]
    text = f"{t.get('sites-filter-title')}\n{_filters_line(t, status, tier)}"
    return text, _keyboard(rows)


def job_card(
    t: Translator, white: White, *, note: str | None = None, live: bool = False
) -> tuple[str, InlineKeyboardMarkup]:
    """A job: its facts and status; Download and Swap once done; Refresh while it runs."""
    lines = [
        f"<b>{clip(white.name, 40)}</b>",
        t.get("sites-card-status", status=status_text(t, white.status)),
    ]
    facts: list[tuple[str, str | None]] = [
        (t.get("sites-field-tier"), tier_name(t, white.tier_key)),
        (
            t.get("sites-field-quality"),
            value_text(t, "quality", white.quality, {}) if white.quality else None,
        ),
        (t.get("sites-field-niche"), clip(white.niche) if white.niche else None),
        (t.get("sites-field-country"), place(t, white.country) if white.country else None),
        (t.get("sites-field-language"), tongue(t, white.language) if white.language else None),
        (t.get("sites-field-domain"), clip(white.domain) if white.domain else None),
    ]
    lines += field_lines(t, facts)
    if white.created_at is not None:
        lines.append(t.get("sites-card-created", when=f"{white.created_at:%Y-%m-%d %H:%M} UTC"))
    word = white.status_word
    if word in (WhiteStatus.QUEUED, WhiteStatus.PROCESSING) and live:
        lines += ["", t.get("sites-card-live")]
    elif word == WhiteStatus.FAILED:
        lines += ["", t.get("sites-card-failed")]
    if note:
        lines += ["", note]
    rows: list[list[InlineKeyboardButton]] = []
    white_id = str(white.id)
    if word == WhiteStatus.DONE:
        rows.append([_button(t.get("sites-download"), JobCallback(op=JobOp.DOWNLOAD, id=white_id))])
        rows.append([_button(t.get("sites-swap"), JobCallback(op=JobOp.SWAP, id=white_id))])
    elif word == WhiteStatus.FAILED:
        rows.append([_button(t.get("sites-new"), SitesCallback(op=SitesOp.NEW))])
    else:
        rows.append([open_button(t, white_id, "sites-refresh")])
    rows.append([jobs_button(t, "sites-back-to-jobs"), section_button(t, Section.HOME)])
    return "\n".join(lines), _keyboard(rows)


def follow_ended(
    t: Translator, white: White, *, key_gone: bool
) -> tuple[str, InlineKeyboardMarkup]:
    """The last words on a card that stopped updating itself (timeout, or its key removed)."""
    note = t.get("sites-follow-key-gone") if key_gone else t.get("sites-follow-timeout")
    return job_card(t, white, note=note)


def not_ready(t: Translator, white: White) -> str:
    if white.status_word == WhiteStatus.FAILED:
        return t.get("sites-not-ready-failed")
    return t.get("sites-not-ready")


# --- the archive ----------------------------------------------------------------------------


def _expiry(t: Translator, expires_at: datetime | None) -> str:
    when = f"{expires_at:%H:%M} UTC" if expires_at is not None else "-"
    return t.get("sites-link-expires", when=when)


def archive_caption(t: Translator, archive: svc.Archive) -> str:
    return t.get("sites-archive-caption", filename=clip(archive.filename))


def archive_link(t: Translator, archive: svc.Archive) -> str:
    """The link instead of the file: too large for a bot's upload, or not fetched."""
    key = (
        "sites-archive-too-large"
        if archive.delivery is svc.Delivery.TOO_LARGE
        else "sites-archive-unfetched"
    )
    link = f'<a href="{escape(archive.url, quote=True)}">{clip(archive.filename)}</a>'
    return "\n".join(
        [t.get(key, limit=svc.UPLOAD_LIMIT // (1024 * 1024)), link, _expiry(t, archive.expires_at)]
    )


def preparing(t: Translator) -> str:
    return t.get("sites-archive-preparing")


# --- the contacts swap ----------------------------------------------------------------------


def swap_form(
    t: Translator, white: White | None, values: Mapping[str, str], problem: str | None = None
) -> tuple[str, InlineKeyboardMarkup]:
    name = clip(white.name, 40) if white is not None else ""
    items = [
        (t.get(LABEL_KEYS[f]), clip(values[f]) if f in values else None) for f in svc.SWAP_FIELDS
    ]
    lines = [t.get("sites-swap-title", name=name), "", *field_lines(t, items)]
    if problem:
        lines += ["", problem]
    rows = SWAP.edit_rows(STEP_OPEN, [(f, t.get(LABEL_KEYS[f])) for f in svc.SWAP_FIELDS], t)
    rows.append([SWAP.pick(STEP_GO, APPLY, t.get("sites-swap-apply"))])
    return "\n".join(lines), SWAP.keyboard(rows, t)


def swap_field(
    t: Translator, field: str, values: Mapping[str, str], problem: str | None = None
) -> tuple[str, InlineKeyboardMarkup]:
    label = t.get(LABEL_KEYS[field])
    question = t.get(PROMPT_KEYS[field], field=label)
    if field in values:
        current = t.get("wizard-field", field=label, value=clip(values[field]))
        question = f"{current}\n\n{question}"
    rows = [[SWAP.pick(STEP_CLEAR, field, t.get("sites-clear"))]] if field in values else []
    return SWAP.ask(t, question, problem=problem, rows=rows)


def swap_cancelled(t: Translator) -> tuple[str, InlineKeyboardMarkup]:
    text, keyboard = sites_menu(t)
    return f"{t.get('sites-swap-cancelled')}\n\n{text}", keyboard


def swapped(
    t: Translator, white: White, values: Mapping[str, str]
) -> tuple[str, InlineKeyboardMarkup]:
    changed = ", ".join(t.get(LABEL_KEYS[f]) for f in svc.SWAP_FIELDS if f in values)
    return job_card(t, white, note=t.get("sites-swap-done", fields=changed))


# --- confirmation card and result -----------------------------------------------------------


def describe_create(t: Translator, params: Mapping[str, Any]) -> str:
    request = dict(params["request"])
    facts = params["tier"]
    draft = {**request, "tier": facts, "languages": list(request.get("languages") or [])[1:]}
    if not draft["languages"]:
        del draft["languages"]
    lines = _fields(t, draft, [*svc.REQUIRED, *svc.offered(draft)], unset=False)
    lines += ["", t.get("sites-cost-tier", price=money(Decimal(facts["price"])))]
    articles = svc.extra_articles(request)
    if articles and facts.get("extra_article_price") is not None:
        each = Decimal(facts["extra_article_price"])
        lines.append(
            t.get(
                "sites-cost-articles",
                count=articles,
                included=svc.INCLUDED_ARTICLES,
                price=money(each),
                total=money(each * articles),
            )
        )
    unpriced = svc.open_costs(request)
    items = [t.get("sites-cost-premium")] if unpriced["premium"] else []
    if unpriced["languages"]:
        items.append(t.get("sites-cost-languages", count=unpriced["languages"]))
    if items:
        lines.append(t.get("sites-cost-open", items=", ".join(items)))
    else:
        lines.append(t.get("sites-cost-may-add", included=svc.INCLUDED_ARTICLES))
    return "\n".join(lines)


def create_result(t: Translator, result: Mapping[str, Any]) -> str:
    white = White.model_validate(result["white"])
    return "\n".join(
        [
            t.get("sites-created-title"),
            f"<b>{clip(white.name, 40)}</b> · {status_text(t, white.status)}",
            t.get("sites-created-next"),
        ]
    )


def created_links(t: Translator, result: Mapping[str, Any]) -> list[list[InlineKeyboardButton]]:
    return [[open_button(t, str(result["white"]["id"]), "sites-follow")]]


def after_create(t: Translator) -> list[list[InlineKeyboardButton]]:
    return [_menu_row(t)]


CREATE_VIEW = ActionView(
    title_key="sites-create-title",
    describe=describe_create,
    result=create_result,
    after=after_create,
    links=created_links,
)
