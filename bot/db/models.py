"""SQLAlchemy 2 models. The initial Alembic migration mirrors them (a test compares the two)."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal
from enum import StrEnum
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    DateTime,
    Dialect,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    Numeric,
    String,
    Text,
    TypeDecorator,
    UniqueConstraint,
    text,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

# Named constraints: Alembic batch mode (SQLite) and downgrades need names to refer to.
NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def utcnow() -> datetime:
    return datetime.now(UTC)


class UTCDateTime(TypeDecorator[datetime]):
    """Timezone-aware datetimes on every backend.

    Values are stored as UTC; SQLite keeps no offset, so it is re-attached on the way out.
    Storing UTC also keeps SQLite's textual comparisons (`expires_at > :now`) correct.
    """

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given where a timezone-aware one is required")
        value = value.astimezone(UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is not None and value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value


MONEY = Numeric(12, 2, asdecimal=True)


class ConfirmationStatus(StrEnum):
    PENDING = "pending"
    PROCESSING = "processing"
    DONE = "done"
    FAILED = "failed"
    CANCELLED = "cancelled"
    EXPIRED = "expired"


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)
    type_annotation_map = {datetime: UTCDateTime(), dict[str, Any]: JSON()}  # noqa: RUF012


class User(Base):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    locale: Mapped[str | None] = mapped_column(String(16))  # explicit /language choice
    language_code: Mapped[str | None] = mapped_column(String(16))  # as Telegram reports it
    active_key_id: Mapped[int | None] = mapped_column(
        ForeignKey("api_keys.id", ondelete="SET NULL", use_alter=True)
    )
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    def __repr__(self) -> str:
        return f"User(id={self.id}, locale={self.locale!r}, active_key_id={self.active_key_id})"


class ApiKey(Base):
    __tablename__ = "api_keys"
    __table_args__ = (Index("ix_api_keys_owner_id", "owner_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    owner_id: Mapped[int] = mapped_column(BigInteger, ForeignKey("users.id", ondelete="CASCADE"))
    label: Mapped[str] = mapped_column(String(64))
    # AES-GCM blob from bot.crypto, bound to (owner_id, id); never the plaintext.
    ciphertext: Mapped[bytes] = mapped_column(LargeBinary)
    key_version: Mapped[str] = mapped_column(String(32))  # key-ring kid that sealed it
    mask: Mapped[str] = mapped_column(String(16))  # "…a1b2": all the UI ever shows
    email: Mapped[str | None] = mapped_column(String(255))
    account_user_id: Mapped[str | None] = mapped_column(String(64))
    validated_at: Mapped[datetime | None]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    def __repr__(self) -> str:  # no ciphertext, no secret
        return (
            f"ApiKey(id={self.id}, owner_id={self.owner_id}, label={self.label!r}, "
            f"mask={self.mask!r}, key_version={self.key_version!r})"
        )


class Confirmation(Base):
    __tablename__ = "confirmations"
    __table_args__ = (Index("ix_confirmations_owner_id_status", "owner_id", "status"),)

    nonce: Mapped[str] = mapped_column(String(32), primary_key=True)
    owner_id: Mapped[int] = mapped_column(BigInteger)
    chat_id: Mapped[int] = mapped_column(BigInteger)
    message_id: Mapped[int | None] = mapped_column(Integer)
    api_key_id: Mapped[int | None] = mapped_column(ForeignKey("api_keys.id", ondelete="SET NULL"))
    action: Mapped[str] = mapped_column(String(64))
    params: Mapped[dict[str, Any]]
    cost: Mapped[Decimal] = mapped_column(MONEY)
    balance_before: Mapped[Decimal | None] = mapped_column(MONEY)
    status: Mapped[str] = mapped_column(
        String(16), default=ConfirmationStatus.PENDING.value, server_default="pending"
    )
    expires_at: Mapped[datetime]
    result: Mapped[dict[str, Any] | None]
    error_code: Mapped[str | None] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    def __repr__(self) -> str:
        return (
            f"Confirmation(nonce={self.nonce!r}, owner_id={self.owner_id}, "
            f"action={self.action!r}, status={self.status!r})"
        )


class Audit(Base):
    __tablename__ = "audit"
    __table_args__ = (Index("ix_audit_user_id_created_at", "user_id", "created_at"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = mapped_column(BigInteger)
    api_key_id: Mapped[int | None] = mapped_column(Integer)
    action: Mapped[str] = mapped_column(String(64))
    params: Mapped[dict[str, Any]]
    cost: Mapped[Decimal | None] = mapped_column(MONEY)
    outcome: Mapped[str] = mapped_column(String(16))  # ok | error
    error_code: Mapped[str | None] = mapped_column(String(64))
    reference: Mapped[str | None] = mapped_column(String(16))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class WatchStatus(StrEnum):
    ACTIVE = "active"
    DONE = "done"  # the job reached its final state (or the watcher gave up on purpose)
    CANCELLED = "cancelled"  # the user stopped it
    EXPIRED = "expired"  # its deadline passed


class Watch(Base):
    """A live job the bot keeps an eye on for a chat: a code being waited for, a domain in the
    registration queue, a site being generated. Rows survive restarts; a lease keeps two
    instances from polling the same one; one active watch per (kind, target)."""

    __tablename__ = "watches"
    __table_args__ = (
        Index("ix_watches_status_next_run_at", "status", "next_run_at"),
        Index(
            "uq_watches_active_kind_target",
            "kind",
            "target",
            unique=True,
            sqlite_where=text("status = 'active'"),
            postgresql_where=text("status = 'active'"),
        ),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    kind: Mapped[str] = mapped_column(String(32))  # e.g. "numbers.code", "domains.register"
    target: Mapped[str] = mapped_column(String(128))  # the piv.day object id it follows
    owner_id: Mapped[int] = mapped_column(BigInteger)
    api_key_id: Mapped[int | None] = mapped_column(ForeignKey("api_keys.id", ondelete="SET NULL"))
    chat_id: Mapped[int] = mapped_column(BigInteger)
    message_id: Mapped[int | None] = mapped_column(Integer)  # the status message it edits
    locale: Mapped[str] = mapped_column(String(16))
    state: Mapped[dict[str, Any]]  # the watcher's own memory (last seen id, last text…)
    status: Mapped[str] = mapped_column(String(16), default=WatchStatus.ACTIVE.value)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_run_at: Mapped[datetime]
    deadline_at: Mapped[datetime]
    lease_owner: Mapped[str | None] = mapped_column(String(64))
    lease_until: Mapped[datetime | None]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    def __repr__(self) -> str:
        return f"Watch(id={self.id}, kind={self.kind!r}, target={self.target!r}, {self.status})"


# --- notifications (bot.events, bot.services.notifications; migration 0003) ------------------


class WebhookToken(Base):
    """The secret in a key's event URL (/pivday/events/{token}). The token itself is never
    stored: it is re-derived from the key ring (kid + salt) to be shown, and the receiver finds
    the row by its SHA-256. Regenerating replaces the row; the old URL then answers 404."""

    __tablename__ = "webhook_tokens"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    api_key_id: Mapped[int] = mapped_column(
        ForeignKey("api_keys.id", ondelete="CASCADE"), unique=True
    )
    kid: Mapped[str] = mapped_column(String(32))  # the key-ring key it was derived under
    salt: Mapped[str] = mapped_column(String(64))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class InboxStatus(StrEnum):
    PENDING = "pending"  # stored and acknowledged, not routed yet
    DONE = "done"  # its outbox rows exist
    FAILED = "failed"  # routing failed even in the plain fallback form (logged)


class InboxEvent(Base):
    """An event as received (or made by the bot: number expiry reminders). UNIQUE(key, body
    hash) turns piv.day's retries of one event into no-ops."""

    __tablename__ = "inbox"
    __table_args__ = (
        UniqueConstraint("api_key_id", "body_hash"),
        Index("ix_inbox_status_received_at", "status", "received_at"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    api_key_id: Mapped[int | None] = mapped_column(ForeignKey("api_keys.id", ondelete="SET NULL"))
    owner_id: Mapped[int] = mapped_column(BigInteger)
    body_hash: Mapped[str] = mapped_column(String(64))
    event_type: Mapped[str] = mapped_column(String(64))
    payload: Mapped[dict[str, Any]]
    status: Mapped[str] = mapped_column(String(16), default=InboxStatus.PENDING.value)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    lease_until: Mapped[datetime | None]
    received_at: Mapped[datetime] = mapped_column(default=utcnow)
    routed_at: Mapped[datetime | None]


class OutboxKind(StrEnum):
    MESSAGE = "message"
    DELETE = "delete"  # remove a code from a group after GROUP_CODE_DELETE_MINUTES


class OutboxStatus(StrEnum):
    PENDING = "pending"
    SENDING = "sending"  # leased by a sender; a lease left by a dead process runs out
    SENT = "sent"
    FAILED = "failed"  # refused for good (chat gone, gave up after retries)


class OutboxMessage(Base):
    """One message (or deletion) for one chat, stored before anything is sent. Messages of one
    chat are sent in id order."""

    __tablename__ = "outbox"
    __table_args__ = (
        Index("ix_outbox_status_next_attempt_at", "status", "next_attempt_at"),
        Index("ix_outbox_chat_id_id", "chat_id", "id"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    inbox_id: Mapped[int | None] = mapped_column(Integer)
    kind: Mapped[str] = mapped_column(String(16), default=OutboxKind.MESSAGE.value)
    chat_id: Mapped[int] = mapped_column(BigInteger)
    thread_id: Mapped[int] = mapped_column(Integer, default=0)  # forum topic; 0 = none
    text: Mapped[str] = mapped_column(Text, default="")
    markup: Mapped[dict[str, Any] | None]
    delete_after: Mapped[int | None] = mapped_column(Integer)  # seconds, for codes in groups
    status: Mapped[str] = mapped_column(String(16), default=OutboxStatus.PENDING.value)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt_at: Mapped[datetime] = mapped_column(default=utcnow)
    lease_until: Mapped[datetime | None]
    telegram_message_id: Mapped[int | None] = mapped_column(BigInteger)
    error: Mapped[str | None] = mapped_column(String(200))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    sent_at: Mapped[datetime | None]


class ChatBinding(Base):
    """A key's events routed to a group (or one forum topic of it) by /bind."""

    __tablename__ = "chat_bindings"
    __table_args__ = (
        UniqueConstraint("chat_id", "thread_id", "api_key_id"),
        Index("ix_chat_bindings_api_key_id", "api_key_id"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    chat_id: Mapped[int] = mapped_column(BigInteger)  # follows migrate_to_chat_id
    thread_id: Mapped[int] = mapped_column(Integer, default=0)  # forum topic; 0 = whole group
    chat_title: Mapped[str | None] = mapped_column(String(128))  # as seen at /bind
    api_key_id: Mapped[int] = mapped_column(ForeignKey("api_keys.id", ondelete="CASCADE"))
    bound_by: Mapped[int] = mapped_column(BigInteger)  # the key's owner, a group admin then
    filters: Mapped[dict[str, Any]]  # event type → on/off/failures (defaults left out)
    active: Mapped[bool] = mapped_column(Boolean, default=True)  # off after a 403
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)


class Reminder(Base):
    """One expiry warning sent (number, threshold, the expiry it warned about): never twice,
    whatever restarts or instances; a renewal moves the expiry, so it is a new one."""

    __tablename__ = "reminders"
    __table_args__ = (
        UniqueConstraint("api_key_id", "object_kind", "object_id", "threshold_days", "expires_at"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    api_key_id: Mapped[int] = mapped_column(ForeignKey("api_keys.id", ondelete="CASCADE"))
    object_kind: Mapped[str] = mapped_column(String(16))  # "number"
    object_id: Mapped[str] = mapped_column(String(128))
    threshold_days: Mapped[int] = mapped_column(Integer)
    expires_at: Mapped[datetime]
    sent_at: Mapped[datetime] = mapped_column(default=utcnow)


class NotificationPrefs(Base):
    """What a user's private chat receives, per event type (defaults left out)."""

    __tablename__ = "notification_prefs"

    user_id: Mapped[int] = mapped_column(
        BigInteger, ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
    )
    filters: Mapped[dict[str, Any]]
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)
