"""Domains section: menu, availability check, the registration wizard, renew, the list with its
filters, the domain card, the status message that follows the queue, and the confirmation views.
DNS screens are in bot.ui.dns."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime
from decimal import Decimal
from enum import StrEnum
from html import escape
from typing import Any

from aiogram.filters.callback_data import CallbackData
from aiogram.fsm.state import State, StatesGroup
from aiogram.types import InlineKeyboardButton, InlineKeyboardMarkup

from bot.pivday.models import Domain, DomainAvailability
from bot.services import domains as svc
from bot.services import validators as v
from bot.services.domains import Filters, RenewOffer
from bot.ui.callbacks import Kind, OpenCallback, RenewCallback, Section
from bot.ui.confirm import ActionView
from bot.ui.dns import DnsCallback, DnsOp, button, clip, hosts, name_html, record_line, shown
from bot.ui.format import money
from bot.ui.keyboards import section_button
from bot.ui.paging import Page, Translator, checked, paged_keyboard
from bot.ui.wizard import Wizard

Screen = tuple[str, InlineKeyboardMarkup]
DOMAINS_LIST = "dl"  # PageCallback list id of My domains
STEP_PERIOD, STEP_RENEW, STEP_CLOUDFLARE, STEP_SSL, STEP_RECORDS = "p", "r", "c", "s", "x"
RECORDS_ADD, RECORDS_UNDO, RECORDS_DONE = "add", "undo", "done"
BUTTON_MAX = 40  # characters of a name on a button


class DomOp(StrEnum):
    CHECK = "ck"  # ask for a name to check
    REGISTER = "rg"  # arg: the checked name's ref
    LIST = "ls"  # My domains (the page and filters are in the chat's FSM data)
    FILTER = "f"  # arg: one of FILTERS
    AUTO_RENEW = "ar"  # id, arg: "1" / "0"
    CLOUDFLARE = "cf"  # id: ask Yes/No
    CLOUDFLARE_YES = "cy"  # id
    NAMESERVERS = "ns"  # id: ask for nameservers
    RENEW_FOR = "rp"  # id, arg: years


class DomainsCallback(CallbackData, prefix="dm"):
    op: DomOp
    id: str = ""
    arg: str = ""


FILTER_STATUS, FILTER_CLOUDFLARE, FILTER_AUTO_RENEW, FILTER_SEARCH, FILTER_CLEAR = (
    "s",
    "c",
    "a",
    "q",
    "x",
)


class CheckDomain(StatesGroup):
    name = State()


class RegisterDomain(StatesGroup):
    period = State()
    renew = State()
    cloudflare = State()
    ssl = State()
    records = State()
    nameservers = State()


class DomainInput(StatesGroup):
    """A typed answer about one domain or the list (the target is in the FSM data)."""

    nameservers = State()
    search = State()


REGISTER = Wizard(
    "rg",
    [
        RegisterDomain.period,
        RegisterDomain.renew,
        RegisterDomain.cloudflare,
        RegisterDomain.ssl,
        RegisterDomain.records,
        RegisterDomain.nameservers,
    ],
)
CLOUDFLARE_ONLY = frozenset({RegisterDomain.ssl.state, RegisterDomain.records.state})


def register_skip(data: Mapping[str, Any]) -> Any:
    """The registration's branch: SSL and records with Cloudflare, nameservers without."""
    cloudflare = data.get("cloudflare")

    def skip(step: State) -> bool:
        if step.state in CLOUDFLARE_ONLY:
            return cloudflare is False
        if step == RegisterDomain.nameservers:
            return cloudflare is True
        return False

    return skip


# --- shared pieces ------------------------------------------------------------------------------


def _date(value: datetime | str | None) -> str:
    if value is None:
        return "-"
    text = value.isoformat() if isinstance(value, datetime) else str(value)
    return escape(text[:10])


def _on(value: object) -> str:
    return "on" if value else "off"


_STATUS_KEYS = {
    "active": "domains-status-active",
    "purchasing": "domains-status-purchasing",
    "pending": "domains-status-purchasing",
    "expired": "domains-status-expired",
    "failed": "domains-status-failed",
}


def status_word(t: Translator, status: str | None) -> str:
    key = _STATUS_KEYS.get(status or "")
    return t.get(key) if key else shown(status or "-", 40)


_PROBLEM_KEYS = {
    "empty": "domains-problem-empty",
    "too_long": "domains-problem-too-long",
    "bad_name": "domains-problem-bad-name",
    "one_label": "domains-problem-one-label",
    "ip_not_name": "domains-problem-ip-not-name",
    "ipv4": "domains-problem-ipv4",
    "ipv6": "domains-problem-ipv6",
    "ttl": "domains-problem-ttl",
    "priority": "domains-problem-priority",
    "control": "domains-problem-control",
    "ns_count": "domains-problem-ns-count",
    "ns_repeat": "domains-problem-ns-repeat",
}


def problem(t: Translator, reason: str) -> str:
    """Why typed input was refused, as a warning line (validators.REASONS)."""
    key = _PROBLEM_KEYS.get(reason, "domains-problem-bad-name")
    return t.get(
        key,
        txt_max=str(v.TXT_MAX),  # as text: "86400", which can be typed back, not "86,400"
        ttl_min=str(v.TTL_MIN),
        ttl_max=str(v.TTL_MAX),
        priority_max=str(v.PRIORITY_MAX),
        ns_min=v.NAMESERVERS_MIN,
        ns_max=v.NAMESERVERS_MAX,
    )


def _with_problem(text: str, warning: str | None) -> str:
    return text if warning is None else f"{text}\n\n{warning}"


def home_row(t: Translator) -> list[InlineKeyboardButton]:
    return [section_button(t, Section.DOMAINS), section_button(t, Section.HOME)]


def open_button(t: Translator, domain_id: str, key: str = "domains-open-button") -> Any:
    return button(t.get(key), OpenCallback(kind=Kind.DOMAIN, id=domain_id))


# --- menu and check -----------------------------------------------------------------------------


def domains_menu(t: Translator, notice: str | None = None) -> Screen:
    """The section's menu; `notice` (what just happened) goes above it."""
    rows = [
        [button(t.get("domains-check-button"), DomainsCallback(op=DomOp.CHECK))],
        [button(t.get("domains-list-button"), DomainsCallback(op=DomOp.LIST))],
        [section_button(t, Section.HOME)],
    ]
    text = t.get("domains-menu") if notice is None else f"{notice}\n\n{t.get('domains-menu')}"
    return text, checked(InlineKeyboardMarkup(inline_keyboard=rows))


def check_prompt(t: Translator, warning: str | None = None) -> Screen:
    keyboard = InlineKeyboardMarkup(inline_keyboard=[home_row(t)])
    return _with_problem(t.get("domains-check-prompt"), warning), keyboard


def check_result(t: Translator, name: v.DomainName, found: DomainAvailability, ref: str) -> Screen:
    lines = [name_html(name.ascii)]
    rows: list[list[InlineKeyboardButton]] = []
    if found.available and found.create_price is not None:
        lines.append(t.get("domains-available"))
        renew = money(found.renew_price) if found.renew_price is not None else "-"
        lines.append(t.get("domains-prices", create=money(found.create_price), renew=renew))
        register = DomainsCallback(op=DomOp.REGISTER, arg=ref)
        rows.append([button(t.get("domains-register-button"), register)])
    else:
        lines.append(t.get("domains-taken"))
    rows.append([button(t.get("domains-check-another"), DomainsCallback(op=DomOp.CHECK))])
    rows.append(home_row(t))
    return "\n".join(lines), checked(InlineKeyboardMarkup(inline_keyboard=rows))


def check_gone(t: Translator) -> str:
    return t.get("domains-check-gone")


# --- registration wizard ------------------------------------------------------------------------


def _years(t: Translator, years: int) -> str:
    return t.get("domains-years", years=years)


def _chosen(t: Translator, data: Mapping[str, Any]) -> str:
    """The choices so far, above every step."""
    parts = [name_html(str(data["domain"]))]
    if "period" in data:
        parts.append(_years(t, int(data["period"])))
    if "auto_renew" in data:
        parts.append(t.get("domains-auto-renew-state", on=_on(data["auto_renew"])))
    if "cloudflare" in data:
        parts.append(t.get("domains-cloudflare-state", on=_on(data["cloudflare"])))
    if data.get("ssl_mode"):
        parts.append(t.get("domains-ssl-state", mode=shown(str(data["ssl_mode"]), 40)))
    return " · ".join(parts)


def _step(t: Translator, data: Mapping[str, Any], title: str, warning: str | None = None) -> str:
    return _with_problem(f"{_chosen(t, data)}\n\n{title}", warning)


def period_step(t: Translator, data: Mapping[str, Any]) -> Screen:
    price = Decimal(str(data["price"]))
    buttons = [
        REGISTER.pick(
            STEP_PERIOD,
            years,
            t.get("domains-period-option", years=years, cost=money(svc.cost_of(price, years))),
        )
        for years in svc.PERIODS
    ]
    rows = [buttons[i : i + 2] for i in range(0, len(buttons), 2)]
    return _step(t, data, t.get("domains-period-title")), REGISTER.keyboard(rows, t)


def renew_step(t: Translator, data: Mapping[str, Any]) -> Screen:
    rows = [
        [
            REGISTER.pick(STEP_RENEW, True, t.get("domains-auto-renew-on")),
            REGISTER.pick(STEP_RENEW, False, t.get("domains-auto-renew-off")),
        ]
    ]
    return _step(t, data, t.get("domains-auto-renew-title")), REGISTER.keyboard(rows, t)


def cloudflare_step(t: Translator, data: Mapping[str, Any]) -> Screen:
    rows = [
        [REGISTER.pick(STEP_CLOUDFLARE, True, t.get("domains-cloudflare-on"))],
        [REGISTER.pick(STEP_CLOUDFLARE, False, t.get("domains-cloudflare-off"))],
    ]
    return _step(t, data, t.get("domains-cloudflare-title")), REGISTER.keyboard(rows, t)


_SSL_KEYS = {
    "flexible": "domains-ssl-flexible",
    "full": "domains-ssl-full",
    "strict": "domains-ssl-strict",
}


def ssl_step(t: Translator, data: Mapping[str, Any]) -> Screen:
    rows = [[REGISTER.pick(STEP_SSL, mode, t.get(_SSL_KEYS[mode]))] for mode in svc.SSL_MODES]
    return _step(t, data, t.get("domains-ssl-title")), REGISTER.keyboard(rows, t)


def records_step(t: Translator, data: Mapping[str, Any], notice: str | None = None) -> Screen:
    records: Sequence[Mapping[str, Any]] = data.get("records") or []
    lines = [t.get("domains-records-title", max=svc.INITIAL_RECORDS_MAX)]
    lines += [f"{i}. {record_line(t, r)}" for i, r in enumerate(records, start=1)]
    rows: list[list[InlineKeyboardButton]] = []
    if len(records) < svc.INITIAL_RECORDS_MAX:
        rows.append([REGISTER.pick(STEP_RECORDS, RECORDS_ADD, t.get("domains-records-add"))])
    if records:
        rows.append([REGISTER.pick(STEP_RECORDS, RECORDS_UNDO, t.get("domains-records-undo"))])
    done_key = "domains-records-done" if records else "domains-records-none"
    rows.append([REGISTER.pick(STEP_RECORDS, RECORDS_DONE, t.get(done_key))])
    text = _step(t, data, "\n".join(lines), notice)
    return text, REGISTER.keyboard(rows, t)


def nameservers_step(t: Translator, data: Mapping[str, Any], warning: str | None = None) -> Screen:
    title = t.get("domains-nameservers-title", min=v.NAMESERVERS_MIN, max=v.NAMESERVERS_MAX)
    return _step(t, data, title, warning), REGISTER.keyboard([], t)


def register_cancelled(t: Translator) -> str:
    return t.get("domains-register-cancelled")


def stale_step(t: Translator) -> str:
    return t.get("domains-stale-step")


def no_longer_available(t: Translator, ascii_name: str) -> Screen:
    text = t.get("domains-no-longer-available", domain=name_html(ascii_name))
    keyboard = InlineKeyboardMarkup(
        inline_keyboard=[
            [button(t.get("domains-check-another"), DomainsCallback(op=DomOp.CHECK))],
            home_row(t),
        ]
    )
    return text, keyboard


def price_unknown(t: Translator) -> str:
    return t.get("domains-price-unknown")


# --- renew --------------------------------------------------------------------------------------


def renew_screen(t: Translator, offer: RenewOffer) -> Screen:
    domain = offer.domain
    text = t.get(
        "domains-renew-screen",
        domain=name_html(domain.domain_name),
        expires=_date(domain.expires_at),
        price=money(offer.price),
    )
    buttons = [
        button(
            t.get(
                "domains-period-option", years=years, cost=money(svc.cost_of(offer.price, years))
            ),
            DomainsCallback(op=DomOp.RENEW_FOR, id=domain.id, arg=str(years)),
        )
        for years in svc.PERIODS
    ]
    rows = [buttons[i : i + 2] for i in range(0, len(buttons), 2)]
    rows.append([open_button(t, domain.id, "domains-back-to-card")])
    return text, checked(InlineKeyboardMarkup(inline_keyboard=rows))


def not_renewable(t: Translator, status: str | None) -> str:
    return t.get("domains-not-renewable", status=status_word(t, status))


# --- confirmation cards and results -------------------------------------------------------------


def describe_register(t: Translator, params: Mapping[str, Any]) -> str:
    lines = [
        name_html(str(params["domain"])),
        t.get(
            "domains-confirm-period",
            years=int(params["period"]),
            on=_on(params["auto_renew"]),
        ),
    ]
    if params["cloudflare"]:
        mode = shown(str(params.get("ssl_mode") or "-"), 40)
        lines.append(t.get("domains-confirm-cloudflare", mode=mode))
        records = params.get("dns_records") or []
        if records:
            lines.append(t.get("domains-confirm-records", count=len(records)))
            lines += [f"  {record_line(t, r)}" for r in records]
    else:
        servers = hosts(params.get("nameservers") or [])
        lines.append(f"{t.get('domains-confirm-nameservers')} {servers}")
    return "\n".join(lines)


def register_result(t: Translator, result: Mapping[str, Any]) -> str:
    return "\n".join(
        [
            t.get("domains-register-queued", domain=name_html(str(result["domain"]))),
            t.get("domains-follow-note"),
        ]
    )


def describe_renew(t: Translator, params: Mapping[str, Any]) -> str:
    return "\n".join(
        [
            name_html(str(params["domain"])),
            t.get(
                "domains-confirm-renew",
                years=int(params["period"]),
                expires=_date(params.get("expires_at")),
            ),
        ]
    )


def renew_result(t: Translator, result: Mapping[str, Any]) -> str:
    return "\n".join(
        [
            t.get(
                "domains-renew-queued",
                domain=name_html(str(result["domain"])),
                expires=_date(result.get("expires_at")),
            ),
            t.get("domains-follow-note"),
        ]
    )


def after_paid(t: Translator) -> list[list[InlineKeyboardButton]]:
    return [home_row(t)]


REGISTER_VIEW = ActionView("domains-register-title", describe_register, register_result, after_paid)
RENEW_VIEW = ActionView("domains-renew-title", describe_renew, renew_result, after_paid)


# --- the queue, followed live -------------------------------------------------------------------


def _job(t: Translator, state: Mapping[str, Any]) -> str:
    key = "domains-job-renew" if state.get("op") == svc.RENEW else "domains-job-register"
    return t.get(key, domain=name_html(str(state["domain"])), years=int(state.get("period") or 1))


_QUEUE_KEYS = {
    "pending": "domains-queue-pending",
    "purchasing": "domains-queue-pending",  # the domain's own word while it waits
    "processing": "domains-queue-processing",
}


def queue_waiting(t: Translator, state: Mapping[str, Any], status: str) -> Screen:
    key = _QUEUE_KEYS.get(status)
    line = t.get(key) if key else t.get("domains-queue-other", status=shown(status, 40))
    keyboard = InlineKeyboardMarkup(inline_keyboard=[home_row(t)])
    return f"{_job(t, state)}\n{line}", keyboard


def queue_done(t: Translator, state: Mapping[str, Any], domain: Domain) -> Screen:
    key = "domains-renewed" if state.get("op") == svc.RENEW else "domains-registered"
    headline = t.get(key, expires=_date(domain.expires_at))
    return domain_card(t, domain, notice=headline)


def queue_failed(t: Translator, state: Mapping[str, Any], error: str | None) -> Screen:
    text = "\n".join([_job(t, state), t.get("domains-queue-failed", reason=shown(error or "-"))])
    keyboard = InlineKeyboardMarkup(
        inline_keyboard=[
            [button(t.get("domains-check-another"), DomainsCallback(op=DomOp.CHECK))],
            home_row(t),
        ]
    )
    return text, keyboard


def queue_ended(t: Translator, state: Mapping[str, Any], timed_out: bool) -> Screen:
    key = "domains-queue-timeout" if timed_out else "domains-queue-stopped"
    keyboard = InlineKeyboardMarkup(
        inline_keyboard=[[open_button(t, str(state["domain_id"]))], home_row(t)]
    )
    return f"{_job(t, state)}\n{t.get(key)}", keyboard


# --- My domains ---------------------------------------------------------------------------------

_FILTER_STATUS_KEYS = {
    None: "domains-filter-status-any",
    "active": "domains-filter-status-active",
    "pending": "domains-filter-status-pending",
    "expired": "domains-filter-status-expired",
}
_FLAG_KEYS = {None: "domains-filter-any", True: "domains-filter-on", False: "domains-filter-off"}


def _filter_button(t: Translator, text: str, which: str) -> InlineKeyboardButton:
    return button(text, DomainsCallback(op=DomOp.FILTER, arg=which))


def _filter_rows(t: Translator, filters: Filters) -> list[list[InlineKeyboardButton]]:
    status = t.get(_FILTER_STATUS_KEYS[filters.status])
    cloudflare = t.get("domains-filter-cloudflare", value=t.get(_FLAG_KEYS[filters.cloudflare]))
    auto_renew = t.get("domains-filter-auto-renew", value=t.get(_FLAG_KEYS[filters.auto_renew]))
    if filters.search:
        search = _filter_button(
            t,
            t.get("domains-filter-search-clear", text=clip(filters.search, 20)),
            FILTER_CLEAR,
        )
    else:
        search = _filter_button(t, t.get("domains-filter-search"), FILTER_SEARCH)
    return [
        [
            _filter_button(t, status, FILTER_STATUS),
            _filter_button(t, cloudflare, FILTER_CLOUDFLARE),
        ],
        [_filter_button(t, auto_renew, FILTER_AUTO_RENEW), search],
    ]


def _list_line(t: Translator, number: int, domain: Domain) -> str:
    marks = []
    if domain.cloudflare_enabled:
        marks.append("☁️")
    if domain.auto_renew:
        marks.append("🔁")
    line = t.get(
        "domains-list-line",
        number=number,
        domain=shown(v.display(domain.domain_name)),
        status=status_word(t, domain.status),
        expires=_date(domain.expires_at),
    )
    return f"{line} {' '.join(marks)}".rstrip()


def domain_list(t: Translator, page: Page[Domain], filters: Filters) -> Screen:
    if page.total:
        lines = [t.get("domains-list-title", total=page.total), ""]
        lines += [_list_line(t, page.offset + i, d) for i, d in enumerate(page.items, start=1)]
    elif filters.any_set:
        lines = [t.get("domains-list-none-filtered")]
    else:
        lines = [t.get("domains-list-empty")]
    keyboard = paged_keyboard(
        page,
        list_id=DOMAINS_LIST,
        button=lambda d: button(
            clip(v.display(d.domain_name), BUTTON_MAX), OpenCallback(kind=Kind.DOMAIN, id=d.id)
        ),
        t=t,
        columns=2,
        header=_filter_rows(t, filters),
        footer=[home_row(t)],
    )
    return "\n".join(lines), keyboard


def search_prompt(t: Translator) -> Screen:
    back = button(t.get("wizard-cancel"), DomainsCallback(op=DomOp.LIST))
    return t.get("domains-search-prompt"), InlineKeyboardMarkup(inline_keyboard=[[back]])


# --- the domain card ----------------------------------------------------------------------------


def _ssl_line(t: Translator, d: Domain) -> str | None:
    if not d.cloudflare_enabled or not (d.ssl_type or d.ssl_status or d.ssl_mode):
        return None
    return t.get(
        "domains-ssl-line",
        type=shown(d.ssl_type or "-", 40),
        status=shown(d.ssl_status or "-", 40),
        mode=shown(d.ssl_mode or "-", 40),
        expires=_date(d.ssl_expires_at),
    )


def _card_text(t: Translator, d: Domain) -> str:
    lines = [
        f"🔗 {name_html(d.domain_name)}",
        t.get("domains-card-status", status=status_word(t, d.status)),
        t.get(
            "domains-card-dates",
            registered=_date(d.registered_at),
            expires=_date(d.expires_at),
        ),
        t.get("domains-card-auto-renew", on=_on(d.auto_renew)),
    ]
    if d.cloudflare_enabled:
        lines.append(
            t.get("domains-card-cloudflare-on", status=shown(d.cloudflare_status or "-", 40))
        )
        ssl = _ssl_line(t, d)
        if ssl is not None:
            lines.append(ssl)
        lines.append(t.get("domains-card-dns-count", count=len(d.dns_records)))
    else:
        lines.append(t.get("domains-card-cloudflare-off"))
        lines.append(f"{t.get('domains-card-ns')} {hosts(d.nameservers or [])}")
    return "\n".join(lines)


def _card_rows(t: Translator, d: Domain) -> list[list[InlineKeyboardButton]]:
    rows: list[list[InlineKeyboardButton]] = []
    if d.status in svc.RENEWABLE:
        renew = button(t.get("domains-renew-button"), RenewCallback(kind=Kind.DOMAIN, id=d.id))
        key = "domains-auto-renew-turn-off" if d.auto_renew else "domains-auto-renew-turn-on"
        toggle = DomainsCallback(op=DomOp.AUTO_RENEW, id=d.id, arg="0" if d.auto_renew else "1")
        rows.append([renew, button(t.get(key), toggle)])
        if d.cloudflare_enabled:
            dns = DnsCallback(op=DnsOp.LIST, id=d.id)
            rows.append([button(t.get("domains-dns-button"), dns)])
        else:
            cf = DomainsCallback(op=DomOp.CLOUDFLARE, id=d.id)
            ns = DomainsCallback(op=DomOp.NAMESERVERS, id=d.id)
            rows.append(
                [
                    button(t.get("domains-cloudflare-button"), cf),
                    button(t.get("domains-ns-button"), ns),
                ]
            )
    else:  # still registering (or failed): nothing to change yet
        rows.append([open_button(t, d.id, "domains-refresh-button")])
    rows.append([button(t.get("domains-list-button"), DomainsCallback(op=DomOp.LIST))])
    rows.append([section_button(t, Section.HOME)])
    return rows


def domain_card(t: Translator, d: Domain, notice: str | None = None) -> Screen:
    text = _card_text(t, d)
    if notice:
        text = f"{notice}\n\n{text}"
    return text, checked(InlineKeyboardMarkup(inline_keyboard=_card_rows(t, d)))


def cloudflare_question(t: Translator, d: Domain) -> Screen:
    text = t.get("domains-cloudflare-question", domain=name_html(d.domain_name))
    rows = [
        [
            button(
                t.get("domains-cloudflare-yes"), DomainsCallback(op=DomOp.CLOUDFLARE_YES, id=d.id)
            ),
            open_button(t, d.id, "domains-no-button"),
        ]
    ]
    return text, checked(InlineKeyboardMarkup(inline_keyboard=rows))


def nameservers_prompt(t: Translator, d: Domain, warning: str | None = None) -> Screen:
    text = t.get(
        "domains-ns-prompt",
        domain=name_html(d.domain_name),
        min=v.NAMESERVERS_MIN,
        max=v.NAMESERVERS_MAX,
    )
    keyboard = InlineKeyboardMarkup(inline_keyboard=[[open_button(t, d.id, "wizard-cancel")]])
    return _with_problem(text, warning), keyboard


def done_line(t: Translator, what: str, **values: Any) -> str:
    """A one-line "done" above a refreshed card (literal keys for the locale check)."""
    keys = {
        "auto_renew": "domains-done-auto-renew",
        "cloudflare": "domains-done-cloudflare",
        "nameservers": "domains-done-nameservers",
    }
    return t.get(keys[what], **{k: shown(str(value), 40) for k, value in values.items()})
