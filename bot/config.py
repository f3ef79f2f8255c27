"""Settings: the only place environment variables (or `.env`) are read."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

from pydantic import Field, SecretStr, field_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

DEFAULT_PIVDAY_URL = "https://app.piv.day/api/v1"
DEFAULT_TELEGRAM_URL = "https://api.telegram.org"


def _split_ints(value: object) -> object:
    if isinstance(value, str):
        return [int(part) for part in value.replace(";", ",").split(",") if part.strip()]
    return value


def _split_strs(value: object) -> object:
    if isinstance(value, str):
        return [part.strip() for part in value.split(",") if part.strip()]
    return value


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_file=".env", env_file_encoding="utf-8", extra="ignore")

    bot_token: SecretStr | None = None
    telegram_api_url: str = DEFAULT_TELEGRAM_URL
    pivday_api_url: str = DEFAULT_PIVDAY_URL
    database_url: str = "sqlite+aiosqlite:///data/pivbot.db"
    redis_url: str | None = None
    # Key ring for API-key encryption, newest first: "kid1:base64key,kid0:base64key".
    encryption_keys: Annotated[list[str], NoDecode] = Field(default_factory=list)
    encryption_key_file: Path | None = None
    data_dir: Path = Path("data")
    public_url: str | None = None
    http_host: str = "0.0.0.0"
    http_port: int = 8080
    telegram_webhook: bool = False
    telegram_webhook_path: str = "/telegram/webhook"
    allowed_users: Annotated[list[int], NoDecode] = Field(default_factory=list)
    admin_ids: Annotated[list[int], NoDecode] = Field(default_factory=list)
    default_locale: str = "en"
    confirmation_ttl_seconds: int = 300
    # How long a user's row and active key may be served from memory (0: read on every
    # update). Changes drop it at once here, and on other instances through Redis.
    user_cache_seconds: float = 60.0
    log_level: str = "INFO"
    # Set by `make sandbox` / `python -m bot sandbox-bot`: replies say the money is not real.
    sandbox_mode: bool = False
    # The in-process sandbox's play-money key, offered as a one-tap "Use the demo key" button.
    sandbox_demo_key: SecretStr | None = None
    # Notifications (bot.events): the outbox stays within Telegram's flood limits.
    outbox_per_second: float = Field(default=25.0, gt=0)  # all chats together
    outbox_per_chat_per_second: float = Field(default=1.0, gt=0)
    outbox_per_group_per_minute: float = Field(default=20.0, gt=0)
    # Numbers have no expiry event: warn this many days before (each threshold once).
    reminder_days: Annotated[list[int], NoDecode] = Field(default_factory=lambda: [3, 1])
    reminder_interval_seconds: float = Field(default=3600.0, gt=0)  # how often numbers are read
    # Codes posted in a group are deleted after this many minutes (0 = kept).
    group_code_delete_minutes: int = Field(default=0, ge=0)
    # Received events are kept (for deduplicating piv.day's retries) at least this long.
    events_keep_hours: int = Field(default=24, ge=24)

    _split_allowed = field_validator("allowed_users", "admin_ids", mode="before")(
        lambda v: _split_ints(v)
    )
    _split_keys = field_validator("encryption_keys", mode="before")(lambda v: _split_strs(v))

    @field_validator("reminder_days", mode="before")
    @classmethod
    def _reminder_days(cls, value: object) -> object:
        days = _split_ints(value)
        if isinstance(days, list):
            if any(d <= 0 for d in days):
                raise ValueError("REMINDER_DAYS must be positive whole days, e.g. 3,1")
            return sorted(set(days), reverse=True)
        return days

    @property
    def key_file(self) -> Path:
        return self.encryption_key_file or self.data_dir / "secret.key"
