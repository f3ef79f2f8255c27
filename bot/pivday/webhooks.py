"""Models of the 11 webhook events piv.day POSTs; `parse_event` picks one by `event_type`.

An event type this client doesn't know becomes `UnknownEvent` with its raw data kept, so a new
event on piv.day's side is stored and routable instead of being rejected.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import Field

from bot.pivday._types import ApiModel, Id, Money, Timestamp

# Webhooks say "t1" where the tiers endpoint says "v2_tier1".
_TIER_ALIASES = {"t1": "v2_tier1", "t2": "v2_tier2", "t3": "v2_tier3"}


def normalize_tier_key(tier_key: str | None) -> str | None:
    """The tiers endpoint's key for either spelling; an unknown key is returned unchanged."""
    if tier_key is None:
        return None
    return _TIER_ALIASES.get(tier_key, tier_key)


class SmsReceivedData(ApiModel):
    piv_num_id: Id
    text: str = ""
    code: str | None = None
    country: str | None = None
    received_at: Timestamp | None = None


class SmsStatusUpdatedData(ApiModel):
    piv_num_id: Id
    message_id: Id
    old_status: str | None = None
    new_status: str
    error_code: str | None = None
    error_message: str | None = None


class RestoredNumber(ApiModel):
    piv_num_id: Id
    phone_number: str | None = None
    country: str | None = None


class FailedRestore(RestoredNumber):
    refunded: Money | None = None


class NumberRestoreCompletedData(ApiModel):
    restored: list[RestoredNumber] = Field(default_factory=list)
    failed: list[FailedRestore] = Field(default_factory=list)
    total_restored: int = 0
    total_failed: int = 0
    total_refunded: Money | None = None


class VerifyCompletedData(ApiModel):
    task_id: Id
    piv_num_id: Id
    status: str | None = None
    captured_phone: str | None = None
    captured_message: str | None = None
    sms_message_id: Id | None = None
    sms_status: str | None = None


class VerifyFailedData(ApiModel):
    task_id: Id
    piv_num_id: Id
    status: str | None = None
    error_code: str | None = None
    error_message: str | None = None


class ProxyExpiresSoonData(ApiModel):
    order_id: Id
    country: str | None = None
    quantity: int | None = None
    expires_at: Timestamp | None = None


class DomainRegisteredData(ApiModel):
    domain_id: Id
    domain_name: str
    registered_at: Timestamp | None = None
    expires_at: Timestamp | None = None
    cloudflare_enabled: bool | None = None


class DomainFailedData(ApiModel):
    domain_id: Id
    domain_name: str
    error: str | None = None


class DomainExpiresSoonData(ApiModel):
    domain_id: Id
    domain_name: str
    expires_at: Timestamp | None = None
    auto_renew: bool | None = None


class WhiteCompletedData(ApiModel):
    job_id: Id
    name: str | None = None
    tier_key: str | None = None
    country: str | None = None

    @property
    def tier(self) -> str | None:
        """`tier_key` in the tiers endpoint's spelling ("t1" -> "v2_tier1")."""
        return normalize_tier_key(self.tier_key)


class WhiteFailedData(ApiModel):
    job_id: Id
    name: str | None = None
    error: str | None = None


class Event(ApiModel):
    """Common shape: `event_type`, `timestamp`, `data`."""

    event_type: str
    timestamp: Timestamp | None = None
    data: Any = None


class SmsReceivedEvent(Event):
    event_type: Literal["sms.received"] = "sms.received"
    data: SmsReceivedData


class SmsStatusUpdatedEvent(Event):
    event_type: Literal["sms.status_updated"] = "sms.status_updated"
    data: SmsStatusUpdatedData


class NumberRestoreCompletedEvent(Event):
    event_type: Literal["number.restore_completed"] = "number.restore_completed"
    data: NumberRestoreCompletedData


class VerifyCompletedEvent(Event):
    event_type: Literal["verify.completed"] = "verify.completed"
    data: VerifyCompletedData


class VerifyFailedEvent(Event):
    event_type: Literal["verify.failed"] = "verify.failed"
    data: VerifyFailedData


class ProxyExpiresSoonEvent(Event):
    event_type: Literal["proxy.expires_soon"] = "proxy.expires_soon"
    data: ProxyExpiresSoonData


class DomainRegisteredEvent(Event):
    event_type: Literal["domain.registered"] = "domain.registered"
    data: DomainRegisteredData


class DomainFailedEvent(Event):
    event_type: Literal["domain.failed"] = "domain.failed"
    data: DomainFailedData


class DomainExpiresSoonEvent(Event):
    event_type: Literal["domain.expires_soon"] = "domain.expires_soon"
    data: DomainExpiresSoonData


class WhiteCompletedEvent(Event):
    event_type: Literal["white.completed"] = "white.completed"
    data: WhiteCompletedData


class WhiteFailedEvent(Event):
    event_type: Literal["white.failed"] = "white.failed"
    data: WhiteFailedData


class UnknownEvent(Event):
    """An event type this client doesn't model; `data` is kept as sent."""

    data: Any = Field(default_factory=dict)


EVENT_TYPES: dict[str, type[Event]] = {
    cls.model_fields["event_type"].default: cls
    for cls in (
        SmsReceivedEvent,
        SmsStatusUpdatedEvent,
        NumberRestoreCompletedEvent,
        VerifyCompletedEvent,
        VerifyFailedEvent,
        ProxyExpiresSoonEvent,
        DomainRegisteredEvent,
        DomainFailedEvent,
        DomainExpiresSoonEvent,
        WhiteCompletedEvent,
        WhiteFailedEvent,
    )
}


def parse_event(payload: dict[str, Any]) -> Event:
    """The typed event for a webhook body. Raises pydantic.ValidationError when a known event
    type lacks its required fields or the body has no `event_type`."""
    event_type = payload.get("event_type") if isinstance(payload, dict) else None
    cls = EVENT_TYPES.get(event_type, UnknownEvent) if isinstance(event_type, str) else Event
    return cls.model_validate(payload)
