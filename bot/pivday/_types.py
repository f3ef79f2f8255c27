"""Field types shared by every piv.day model: lenient where the API is loose, exact for money."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal
from typing import Annotated, Any

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict


def _to_decimal(value: Any) -> Any:
    # A float from a plain json.loads goes through its shortest repr, so 0.1 stays 0.1.
    if isinstance(value, float):
        return Decimal(repr(value))
    return value


def _to_id(value: Any) -> Any:
    # The API sends some ids as numbers ("message_id": "42" vs "sms_message_id": 42).
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    return value


def _aware(value: datetime) -> datetime:
    # The API writes UTC ("...Z"); a timestamp without offset is read as UTC, never as local time.
    return value if value.tzinfo is not None else value.replace(tzinfo=UTC)


Money = Annotated[Decimal, BeforeValidator(_to_decimal)]
Id = Annotated[str, BeforeValidator(_to_id)]
Timestamp = Annotated[datetime, AfterValidator(_aware)]


class ApiModel(BaseModel):
    """Base of every response model: unknown fields ignored, instances immutable."""

    model_config = ConfigDict(extra="ignore", frozen=True, populate_by_name=True)
