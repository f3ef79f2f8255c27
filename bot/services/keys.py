"""Connecting and managing a person's piv.day API keys (no aiogram here).

A key is validated with GET /account before anything is stored; only then is it encrypted into
the DB (KeyRepo). Callers get data back or a `KeyRejected` with a reason code the UI localizes;
neither ever carries the key itself.
"""

from __future__ import annotations

import contextlib
import logging
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import Any, cast

from pydantic import SecretStr
from sqlalchemy.ext.asyncio import AsyncSession

from bot.crypto import DecryptionError, KeyRing
from bot.db.models import ApiKey, utcnow
from bot.db.repositories import LABEL_MAX, KeyRepo
from bot.pivday import ClientPool, PivDayClient, key_fingerprint
from bot.pivday import errors as pe
from bot.pivday.models import Account
from bot.services.errors import KeyUnreadableError

log = logging.getLogger(__name__)

MAX_KEYS_PER_USER = 10
MIN_KEY_LEN, MAX_KEY_LEN = 8, 512
LABEL_TEAM, LABEL_PERSONAL = "team", "personal"

# A token that must never sit in a group chat: piv.day-style prefixed keys anywhere in a text.
_KEYLIKE_RE = re.compile(r"\bpk_[A-Za-z0-9]+_[A-Za-z0-9_-]{12,}")
_TOKEN_RE = re.compile(r"^[\x21-\x7e]+$")  # one printable ASCII word


class KeyRejection(StrEnum):
    MALFORMED = "malformed"  # not something that can be a key (spaces, too short…)
    UNAUTHORIZED = "unauthorized"  # piv.day says UNAUTHORIZED
    MISSING_SCOPE = "missing_scope"  # the key can't read /account
    UNREACHABLE = "unreachable"  # piv.day didn't answer usefully; try again
    DUPLICATE = "duplicate"  # the person already connected this key
    LIMIT = "limit"  # too many keys


class KeyRejected(Exception):
    def __init__(self, reason: KeyRejection, *, code: str | None = None) -> None:
        super().__init__(reason.value if code is None else f"{reason.value} ({code})")
        self.reason = reason
        self.code = code  # piv.day's error code when there is one


class InvalidLabelError(ValueError):
    pass


@dataclass(frozen=True, slots=True)
class ConnectedKey:
    row: ApiKey
    account: Account


def looks_like_key(text: str | None) -> bool:
    """True for a text carrying a piv.day-style key (used to guard group chats)."""
    return bool(text) and _KEYLIKE_RE.search(text or "") is not None


def normalize_key(raw: str) -> SecretStr:
    """The key as typed/pasted → the bare token, or KeyRejected(MALFORMED)."""
    text = raw.strip()
    if text.lower().startswith("bearer "):
        text = text[7:].strip()
    text = text.strip("`'\"")
    if not (MIN_KEY_LEN <= len(text) <= MAX_KEY_LEN) or not _TOKEN_RE.match(text):
        raise KeyRejected(KeyRejection.MALFORMED)
    return SecretStr(text)


def validate_label(raw: str) -> str:
    label = " ".join(raw.split())
    if not label or len(label) > LABEL_MAX:
        raise InvalidLabelError(raw[:8])
    return label


def _rejection_for(exc: pe.PivDayBaseError) -> KeyRejected:
    if isinstance(exc, pe.UnauthorizedError):
        return KeyRejected(KeyRejection.UNAUTHORIZED, code=exc.code)
    if isinstance(exc, pe.InsufficientPermissionsError | pe.PermissionDeniedError):
        return KeyRejected(KeyRejection.MISSING_SCOPE, code=exc.code)
    code = exc.code if isinstance(exc, pe.PivDayError) else type(exc).__name__
    return KeyRejected(KeyRejection.UNREACHABLE, code=code)


class KeyService:
    """Each method that changes something commits before returning: a caller that says "done"
    says it about a durable change (the update pipeline itself never commits)."""

    def __init__(self, session: AsyncSession, ring: KeyRing, pool: ClientPool) -> None:
        self.session = session
        self.repo = KeyRepo(session, ring)
        self.pool = pool

    async def validate(self, api_key: SecretStr) -> Account:
        """GET /account with the key; a refusal or failure becomes KeyRejected."""
        client = self.pool.client(api_key)
        try:
            return await client.account.get()
        except pe.PivDayBaseError as exc:
            self.pool.forget(api_key)  # don't keep a client around for a key we refuse
            log.info("key refused fingerprint=%s reason=%s", key_fingerprint(api_key)[:12], exc)
            raise _rejection_for(exc) from None

    async def connect(self, owner_id: int, raw: str) -> ConnectedKey:
        """Validate, then store encrypted. The first key becomes active; a newly connected key
        becomes active too (it is the one the person just chose to use)."""
        api_key = normalize_key(raw)
        existing = await self.repo.list(owner_id)
        if len(existing) >= MAX_KEYS_PER_USER:
            raise KeyRejected(KeyRejection.LIMIT)
        fingerprint = key_fingerprint(api_key)
        if any(self._fingerprint(row) == fingerprint for row in existing):
            raise KeyRejected(KeyRejection.DUPLICATE)
        account = await self.validate(api_key)
        row = await self.repo.add(
            owner_id,
            self._default_label(account, existing),
            api_key,
            email=account.email,
            account_user_id=str(account.user_id),
            validated_at=utcnow(),
        )
        await self.repo.set_active(owner_id, row.id)
        await self.session.commit()
        return ConnectedKey(row=row, account=account)

    def _fingerprint(self, row: ApiKey) -> str | None:
        try:
            return key_fingerprint(self.repo.reveal(row))
        except DecryptionError:
            return None

    @staticmethod
    def _default_label(account: Account, existing: Sequence[ApiKey]) -> str:
        base = LABEL_TEAM if account.team_id else LABEL_PERSONAL
        taken = {row.label for row in existing}
        n, label = 1, base
        while label in taken:
            n += 1
            label = f"{base} {n}"
        return label

    async def list(self, owner_id: int) -> Sequence[ApiKey]:
        return await self.repo.list(owner_id)

    async def get(self, owner_id: int, key_id: int) -> ApiKey | None:
        return await self.repo.get(owner_id, key_id)

    async def active(self, owner_id: int) -> ApiKey | None:
        return await self.repo.active(owner_id)

    async def activate(self, owner_id: int, key_id: int) -> ApiKey | None:
        row = await self.repo.set_active(owner_id, key_id)
        await self.session.commit()
        return row

    async def rename(self, owner_id: int, key_id: int, raw_label: str) -> ApiKey | None:
        row = await self.repo.rename(owner_id, key_id, validate_label(raw_label))
        await self.session.commit()
        return row

    async def remove(self, owner_id: int, key_id: int) -> bool:
        """Delete the row, ciphertext and all; drop its pooled client."""
        row = await self.repo.get(owner_id, key_id)
        if row is None:
            return False
        with contextlib.suppress(DecryptionError):  # a row that won't open has no client
            self.pool.forget(self.repo.reveal(row))
        removed = await self.repo.remove(owner_id, key_id)
        await self.session.commit()
        return removed

    def client_for(self, row: ApiKey) -> PivDayClient:
        """A pooled client for a stored key (no I/O). Raises KeyUnreadableError when the row
        can't be decrypted (tampered, or sealed by a key no longer in the ring)."""
        try:
            return self.pool.client(self.repo.reveal(row))
        except DecryptionError:
            log.warning("stored key does not decrypt key_id=%s owner_id=%s", row.id, row.owner_id)
            raise KeyUnreadableError(row.id) from None

    def lazy_client(self, row: ApiKey) -> PivDayClient:
        """The client for `row`, made on first use: most updates never call piv.day, and they
        should not pay for decrypting the key."""
        return cast("PivDayClient", LazyClient(lambda: self.client_for(row)))


class LazyClient:
    """Stands in for a PivDayClient; the first attribute access builds the real one."""

    __slots__ = ("_client", "_make")

    def __init__(self, make: Callable[[], PivDayClient]) -> None:
        self._make = make
        self._client: PivDayClient | None = None

    def __getattr__(self, name: str) -> Any:
        if self._client is None:
            self._client = self._make()
        return getattr(self._client, name)
