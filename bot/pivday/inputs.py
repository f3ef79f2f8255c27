"""Request bodies and query parameters, checked before anything is sent.

Each body is a pydantic model holding the spec's ranges; `body()` turns a failure into one
`LocalValidationError(field, reason)` so the caller learns which argument is wrong and no request
(and no charge) happens.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal, TypeVar

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    StrictBool,
    ValidationError,
    model_validator,
)

from bot.pivday.errors import LocalValidationError
from bot.pivday.webhooks import normalize_tier_key

Text = Annotated[str, Field(min_length=1)]
CountryCode = Annotated[str, Field(pattern=r"^[A-Za-z]{2}$")]
E164 = Annotated[str, Field(pattern=r"^\+[1-9]\d{1,14}$")]
HttpUrl = Annotated[str, Field(pattern=r"^https?://\S+$")]
DomainName = Annotated[
    str, Field(max_length=253, pattern=r"^([A-Za-z0-9-]{1,63}\.)+[A-Za-z0-9-]{2,63}$")
]
Months = Annotated[int, Field(ge=1, le=12)]
Years = Annotated[int, Field(ge=1, le=10)]

M = TypeVar("M", bound=BaseModel)


class Body(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True)


class RuleError(Exception):
    """A rule across fields, naming the field to blame. Not a ValueError, so pydantic lets it
    through unwrapped and `body()` can keep the field name."""

    def __init__(self, field: str, reason: str) -> None:
        super().__init__(field, reason)
        self.field, self.reason = field, reason


def _reason(exc: ValidationError) -> tuple[str, str]:
    err = exc.errors(include_input=False, include_url=False)[0]
    field = ".".join(str(part) for part in err["loc"]) or "request"
    return field, err["msg"]


def body(model: type[M], **values: Any) -> dict[str, Any]:
    """The JSON body for `model` from the caller's arguments (None means "not given")."""
    try:
        checked = model(**{k: v for k, v in values.items() if v is not None})
    except ValidationError as exc:
        raise LocalValidationError(*_reason(exc)) from None
    except RuleError as exc:
        raise LocalValidationError(exc.field, exc.reason) from None
    return checked.model_dump(mode="json", exclude_none=True)


def page_params(limit: int | None, offset: int | None, max_limit: int) -> dict[str, int]:
    params: dict[str, int] = {}
    if limit is not None:
        if isinstance(limit, bool) or not isinstance(limit, int) or not 1 <= limit <= max_limit:
            raise LocalValidationError("limit", f"must be an integer from 1 to {max_limit}")
        params["limit"] = limit
    if offset is not None:
        if isinstance(offset, bool) or not isinstance(offset, int) or offset < 0:
            raise LocalValidationError("offset", "must be a non-negative integer")
        params["offset"] = offset
    return params


def require_id(field: str, value: Any) -> str:
    """A path id as text; rejects empty ids and ones that would change the path."""
    text = str(value) if isinstance(value, int) and not isinstance(value, bool) else value
    if not isinstance(text, str) or not text.strip() or "/" in text or "?" in text:
        raise LocalValidationError(field, "must be a non-empty id")
    return text


def bool_param(value: bool | None) -> str | None:
    return None if value is None else ("true" if value else "false")


# --- numbers -----------------------------------------------------------------------------------


class NumberPurchaseBody(Body):
    country_code: CountryCode
    duration_months: Annotated[int, Field(ge=1)]
    auto_renew: StrictBool
    custom_name: Annotated[str, Field(min_length=1, max_length=100)] | None = None


class NumberRenewBody(Body):
    duration_months: Annotated[int, Field(ge=1)]


class NumberUpdateBody(Body):
    custom_name: Annotated[str, Field(min_length=1, max_length=100)]


class AutoRenewBody(Body):
    auto_renew: StrictBool


class NumberRestoreBody(Body):
    piv_num_ids: Annotated[list[Text], Field(min_length=1)]


class SendSmsBody(Body):
    to_number: E164
    message_body: Annotated[str, Field(min_length=1)]


class VerifyBody(Body):
    gv_url: HttpUrl


# --- proxy -------------------------------------------------------------------------------------


class ProxyPurchaseBody(Body):
    server_id: Text
    quantity: Annotated[int, Field(ge=1, le=500)]
    months: Months


class ProxyRenewBody(Body):
    months: Months


EXPORT_FORMATS = ("socks5", "http", "both")


# --- domains -----------------------------------------------------------------------------------


class DnsRecordBody(Body):
    type: Text
    name: Text
    content: Text
    ttl: Annotated[int, Field(ge=1)] | None = None
    priority: Annotated[int, Field(ge=0)] | None = None
    proxied: StrictBool | None = None


class DnsUpdateBody(Body):
    type: Text | None = None
    name: Text | None = None
    content: Text | None = None
    ttl: Annotated[int, Field(ge=1)] | None = None
    priority: Annotated[int, Field(ge=0)] | None = None
    proxied: StrictBool | None = None

    @model_validator(mode="after")
    def _something(self) -> DnsUpdateBody:
        if not self.model_dump(exclude_none=True):
            raise RuleError("request", "give at least one field to change")
        return self


Nameservers = Annotated[list[DomainName], Field(min_length=2)]


class DomainRegisterBody(Body):
    domain: DomainName
    period: Years
    cloudflare: StrictBool
    auto_renew: StrictBool
    ssl_mode: Literal["flexible", "full", "strict"] | None = None
    nameservers: list[DomainName] | None = None
    dns_records: list[DnsRecordBody] | None = None

    @model_validator(mode="after")
    def _cloudflare_rules(self) -> DomainRegisterBody:
        # Cloudflare ON: piv.day runs DNS, so no own NS. OFF: own NS (>= 2), no Cloudflare extras.
        if self.cloudflare:
            if self.nameservers:
                raise RuleError("nameservers", "not allowed with cloudflare=True")
            return self
        for name in ("ssl_mode", "dns_records"):
            if getattr(self, name) is not None:
                raise RuleError(name, "only allowed with cloudflare=True")
        if not self.nameservers or len(self.nameservers) < 2:
            raise RuleError("nameservers", "at least 2 are required with cloudflare=False")
        return self


class DomainRenewBody(Body):
    period: Years


class NameserversBody(Body):
    nameservers: Nameservers


class CloudflareBody(Body):
    enabled: StrictBool = True


# --- whites ------------------------------------------------------------------------------------

BLOG_TIER = "v2_tier3"


class WhiteCreateBody(Body):
    name: Annotated[str, Field(min_length=2, max_length=20)]
    # "t1".."t3" (the webhook spelling) are sent as the tiers endpoint names them.
    tier_key: Annotated[Text, AfterValidator(normalize_tier_key)]
    niche: Annotated[str, Field(min_length=1, max_length=25)]
    country: CountryCode
    language: Annotated[str, Field(pattern=r"^[A-Za-z]{2}$")]
    quality: Text | None = None
    languages: list[Annotated[str, Field(pattern=r"^[A-Za-z]{2}$")]] | None = None
    domain: DomainName | None = None
    email: Annotated[str, Field(pattern=r"^[^@\s]+@[^@\s]+\.[^@\s]+$")] | None = None
    phone: Text | None = None
    address: Text | None = None
    legal_name: Text | None = None
    style_hint: Text | None = None
    keywords: list[Text] | None = None
    banned_words: list[Text] | None = None
    blog_count: Annotated[int, Field(ge=3, le=20)] | None = None
    contacts_mode: Text | None = None
    contacts_template: Text | None = None
    facebook: HttpUrl | None = None
    instagram: HttpUrl | None = None
    linkedin: HttpUrl | None = None
    youtube: HttpUrl | None = None
    tiktok: HttpUrl | None = None

    @model_validator(mode="after")
    def _blog_only_on_tier3(self) -> WhiteCreateBody:
        if self.blog_count is not None and normalize_tier_key(self.tier_key) != BLOG_TIER:
            raise RuleError("blog_count", f"only allowed with tier_key={BLOG_TIER}")
        return self


class WhiteConfigBody(Body):
    company: Text | None = None
    domain: DomainName | None = None
    email: Annotated[str, Field(pattern=r"^[^@\s]+@[^@\s]+\.[^@\s]+$")] | None = None
    phone: Text | None = None
    address: Text | None = None
    legal: Text | None = None

    @model_validator(mode="after")
    def _something(self) -> WhiteConfigBody:
        if not self.model_dump(exclude_none=True):
            raise RuleError("request", "give at least one field to change")
        return self
