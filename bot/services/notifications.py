"""Notifications, the settings side (no aiogram, no chat text): each key's event URL, what a
private chat receives per event type, and the groups (or forum topics) a key's events go to.

Event URLs: `PUBLIC_URL/pivday/events/{token}`, one token per stored key. The token is
HMAC(key ring, salt): the database keeps only the salt and the token's SHA-256, so a copy of
the database opens no URL, and the screen can still show the URL again later. Regenerating
replaces salt and hash; the old URL answers 404 from then on.

Every method that changes something commits before it returns.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import logging
import re
import secrets
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

import httpx
from sqlalchemy import delete, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from bot.crypto import DecryptionError, KeyRing
from bot.db.models import (
    ApiKey,
    ChatBinding,
    NotificationPrefs,
    OutboxMessage,
    OutboxStatus,
    User,
    WebhookToken,
    utcnow,
)

log = logging.getLogger(__name__)

EVENTS_PATH = "/pivday/events/"
_TOKEN_PURPOSE = "webhook-token"  # noqa: S105 (a derivation label, not a secret)
_TOKEN_RE = re.compile(r"^[A-Za-z0-9_-]{20,64}$")

# The bot's own events: number expiry reminders (piv.day has none) and the self-check.
NUMBER_EXPIRES = "number.expires_soon"
TEST_EVENT = "pivbot.test"
OTHER = "other"  # every event type the bot does not know (yet)

# What people choose from, in screen order.
CHOOSABLE: tuple[str, ...] = (
    "sms.received",
    "verify.completed",
    "verify.failed",
    "sms.status_updated",
    "number.restore_completed",
    NUMBER_EXPIRES,
    "proxy.expires_soon",
    "domain.expires_soon",
    "domain.registered",
    "domain.failed",
    "white.completed",
    "white.failed",
    OTHER,
)
STATUS_UPDATED = "sms.status_updated"
FAILED_SMS_STATUSES = frozenset({"failed", "undelivered", "rejected", "error"})


class Mode(StrEnum):
    ON = "on"
    OFF = "off"
    FAILURES = "failures"  # sms.status_updated only: just the ones that failed


_DEFAULTS: Mapping[str, Mode] = {STATUS_UPDATED: Mode.FAILURES}
_CYCLES: Mapping[str, tuple[Mode, ...]] = {STATUS_UPDATED: (Mode.FAILURES, Mode.ON, Mode.OFF)}


def choosable(event_type: str) -> str:
    """The choice an event type falls under (an unknown type: OTHER)."""
    return event_type if event_type in CHOOSABLE else OTHER


@dataclass(frozen=True, slots=True)
class Filters:
    """Per event type on / off / failures only; stored as the differences from the defaults
    (every type on, SMS status updates: failures only)."""

    stored: Mapping[str, str]

    def mode(self, event_type: str) -> Mode:
        choice = choosable(event_type)
        value = self.stored.get(choice)
        if value in Mode.__members__.values() and Mode(value) in _cycle(choice):
            return Mode(value)
        return _DEFAULTS.get(choice, Mode.ON)

    def allows(self, event_type: str, *, failed: bool = False) -> bool:
        if event_type == TEST_EVENT:  # the self-check goes wherever events go
            return True
        mode = self.mode(event_type)
        return mode is Mode.ON or (mode is Mode.FAILURES and failed)

    def cycled(self, event_type: str) -> Filters:
        """The next mode of one type (on → off → on; failures → all → off → failures)."""
        choice = choosable(event_type)
        modes = _cycle(choice)
        following = modes[(modes.index(self.mode(choice)) + 1) % len(modes)]
        stored = {k: v for k, v in self.stored.items() if k != choice}
        if following != _DEFAULTS.get(choice, Mode.ON):
            stored[choice] = following.value
        return Filters(stored)


def _cycle(choice: str) -> tuple[Mode, ...]:
    return _CYCLES.get(choice, (Mode.ON, Mode.OFF))


ALL_ON = Filters({})


def sms_failed(new_status: object, error_code: object) -> bool:
    """An outbound SMS status that is a failure (the carrier's error code says so too)."""
    return str(new_status or "").lower() in FAILED_SMS_STATUSES or bool(error_code)


def is_failed_status(payload: Mapping[str, Any]) -> bool:
    """An sms.status_updated body that reports a failure."""
    data = payload.get("data")
    if not isinstance(data, Mapping):
        return False
    return sms_failed(data.get("new_status"), data.get("error_code"))


# --- event URLs ---------------------------------------------------------------------------


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def token_shaped(token: str) -> bool:
    """Could be a token at all (checked before anything touches the database)."""
    return _TOKEN_RE.match(token) is not None


def events_url(base_url: str, token: str) -> str:
    return base_url.rstrip("/") + EVENTS_PATH + token


@dataclass(frozen=True, slots=True)
class TokenOwner:
    """Whose events arrive under a token."""

    api_key_id: int
    owner_id: int


def _derive(ring: KeyRing, salt: str, kid: str | None = None) -> tuple[str, str]:
    kid, mac = ring.derive(_TOKEN_PURPOSE, bytes.fromhex(salt), kid=kid)
    return kid, base64.urlsafe_b64encode(mac).decode().rstrip("=")


class TokenService:
    def __init__(self, session: AsyncSession, ring: KeyRing) -> None:
        self.session = session
        self.ring = ring

    async def _row(self, api_key_id: int) -> WebhookToken | None:
        stmt = select(WebhookToken).where(WebhookToken.api_key_id == api_key_id)
        return (await self.session.scalars(stmt)).first()

    async def token(self, key: ApiKey) -> str:
        """The key's token, made on first use. A token whose ring key has been retired can't
        be shown again: it is replaced (the old URL stops working, which the screen says)."""
        row = await self._row(key.id)
        if row is not None:
            try:
                return _derive(self.ring, row.salt, row.kid)[1]
            except DecryptionError:
                log.warning("webhook token key retired; regenerating key_id=%s", key.id)
        return await self.regenerate(key)

    async def regenerate(self, key: ApiKey) -> str:
        salt = secrets.token_hex(16)
        kid, token = _derive(self.ring, salt)
        values = {"kid": kid, "salt": salt, "token_hash": token_hash(token), "created_at": utcnow()}
        row = await self._row(key.id)
        if row is None:
            self.session.add(WebhookToken(api_key_id=key.id, **values))
        else:
            await self.session.execute(
                update(WebhookToken).where(WebhookToken.id == row.id).values(**values)
            )
        try:
            await self.session.commit()
        except IntegrityError:  # made at the same moment elsewhere: that one stands
            await self.session.rollback()
            return await self.token(key)
        return token


async def find_token(session: AsyncSession, token: str) -> TokenOwner | None:
    """Who a token belongs to; None for anything else (its shape is checked before any query,
    and the stored hash compared in constant time)."""
    if not token_shaped(token):
        return None
    wanted = token_hash(token)
    stmt = (
        select(WebhookToken.token_hash, ApiKey.id, ApiKey.owner_id)
        .join(ApiKey, ApiKey.id == WebhookToken.api_key_id)
        .where(WebhookToken.token_hash == wanted)
    )
    row = (await session.execute(stmt)).first()
    if row is None or not hmac.compare_digest(row[0], wanted):
        return None
    return TokenOwner(api_key_id=row[1], owner_id=row[2])


@dataclass(frozen=True, slots=True)
class TestResult:
    ok: bool
    status: int | None  # HTTP status, None when nothing answered
    ms: int
    error: str | None = None  # the transport error's class name


async def post_test_event(url: str, *, within: float = 10.0) -> TestResult:
    """POST a test event to the bot's own public URL, as piv.day would; what came back."""
    payload = {
        "event_type": TEST_EVENT,
        "timestamp": utcnow().isoformat(),
        "data": {"nonce": secrets.token_hex(8)},
    }
    started = time.monotonic()
    try:
        async with httpx.AsyncClient(timeout=within) as http:
            response = await http.post(
                url, json=payload, headers={"User-Agent": "pivbot-selfcheck/1.0"}
            )
    except httpx.HTTPError as exc:
        ms = int((time.monotonic() - started) * 1000)
        return TestResult(False, None, ms, type(exc).__name__)
    ms = int((time.monotonic() - started) * 1000)
    return TestResult(200 <= response.status_code < 300, response.status_code, ms)


# --- what private chats and groups receive ------------------------------------------------


class PrefsService:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def filters(self, user_id: int) -> Filters:
        row = await self.session.get(NotificationPrefs, user_id)
        return Filters(dict(row.filters)) if row is not None else ALL_ON

    async def cycle(self, user_id: int, event_type: str) -> Filters:
        row = await self.session.get(NotificationPrefs, user_id)
        current = Filters(dict(row.filters)) if row is not None else ALL_ON
        following = current.cycled(event_type)
        if row is None:
            self.session.add(NotificationPrefs(user_id=user_id, filters=dict(following.stored)))
        else:
            row.filters = dict(following.stored)
        await self.session.commit()
        return following


@dataclass(frozen=True, slots=True)
class Bound:
    binding: ChatBinding
    key: ApiKey


class BindingService:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    def _bound(self) -> Any:
        return select(ChatBinding, ApiKey).join(ApiKey, ApiKey.id == ChatBinding.api_key_id)

    async def bind(
        self, *, chat_id: int, thread_id: int, title: str | None, key: ApiKey, by: int
    ) -> ChatBinding:
        """Route `key`'s events to the chat (topic), every type on; binding again re-enables
        a binding that was switched off and starts it over with every type on."""
        stmt = select(ChatBinding).where(
            ChatBinding.chat_id == chat_id,
            ChatBinding.thread_id == thread_id,
            ChatBinding.api_key_id == key.id,
        )
        row = (await self.session.scalars(stmt)).first()
        if row is None:
            row = ChatBinding(
                chat_id=chat_id, thread_id=thread_id, api_key_id=key.id, bound_by=by, filters={}
            )
            self.session.add(row)
        row.bound_by, row.filters, row.active = by, {}, True
        row.chat_title = (title or "")[:128] or None
        await self.session.commit()
        return row

    async def here(self, chat_id: int, thread_id: int) -> list[Bound]:
        """Active bindings of this chat and topic."""
        stmt = (
            self._bound()
            .where(
                ChatBinding.chat_id == chat_id,
                ChatBinding.thread_id == thread_id,
                ChatBinding.active.is_(True),
            )
            .order_by(ChatBinding.id)
        )
        return [Bound(b, k) for b, k in (await self.session.execute(stmt)).all()]

    async def of_key(self, api_key_id: int) -> list[ChatBinding]:
        stmt = (
            select(ChatBinding)
            .where(ChatBinding.api_key_id == api_key_id, ChatBinding.active.is_(True))
            .order_by(ChatBinding.id)
        )
        return list((await self.session.scalars(stmt)).all())

    async def get(self, binding_id: int) -> Bound | None:
        row = (
            await self.session.execute(self._bound().where(ChatBinding.id == binding_id))
        ).first()
        return Bound(row[0], row[1]) if row is not None else None

    async def cycle(self, binding_id: int, event_type: str) -> ChatBinding | None:
        bound = await self.get(binding_id)
        if bound is None or not bound.binding.active:
            return None
        following = Filters(dict(bound.binding.filters)).cycled(event_type)
        bound.binding.filters = dict(following.stored)
        await self.session.commit()
        return bound.binding

    async def unbind(self, bindings: Sequence[ChatBinding]) -> None:
        ids = [b.id for b in bindings]
        if ids:
            await self.session.execute(delete(ChatBinding).where(ChatBinding.id.in_(ids)))
        await self.session.commit()

    async def migrate_chat(self, old_chat_id: int, new_chat_id: int) -> int:
        """A group became a supergroup: its bindings and queued messages follow it."""
        result = await self.session.execute(
            update(ChatBinding)
            .where(ChatBinding.chat_id == old_chat_id)
            .values(chat_id=new_chat_id, updated_at=utcnow())
            .execution_options(synchronize_session=False)
        )
        await self.session.execute(
            update(OutboxMessage)
            .where(
                OutboxMessage.chat_id == old_chat_id,
                OutboxMessage.status.in_([OutboxStatus.PENDING.value, OutboxStatus.SENDING.value]),
            )
            .values(chat_id=new_chat_id)
            .execution_options(synchronize_session=False)
        )
        await self.session.commit()
        moved = int(getattr(result, "rowcount", 0) or 0)
        if moved:
            log.info("bindings follow the group to its supergroup count=%s", moved)
        return moved

    async def in_chat(self, chat_id: int) -> list[Bound]:
        """Every active binding of a chat, whatever the topic."""
        stmt = self._bound().where(ChatBinding.chat_id == chat_id, ChatBinding.active.is_(True))
        return [Bound(b, k) for b, k in (await self.session.execute(stmt)).all()]

    async def disable(self, found: Sequence[Bound]) -> None:
        """The bot was blocked or removed there: the bindings are switched off (a /bind there
        later switches them on again); commits whatever the caller queued with it."""
        for bound in found:
            bound.binding.active = False
            bound.binding.updated_at = utcnow()
        await self.session.commit()


async def locales_of(session: AsyncSession, user_ids: Sequence[int]) -> dict[int, User]:
    """The users behind a set of ids (their stored language), in one query."""
    if not user_ids:
        return {}
    rows = await session.scalars(select(User).where(User.id.in_(set(user_ids))))
    return {user.id: user for user in rows}
