"""Server-side confirmations: the one path every paid action takes.

create() stores the exact request (action + params), its cost and the balance it was quoted
against, under a random nonce with a TTL. claim() is a single conditional UPDATE in the database,
so whatever the number of taps, concurrent updates or bot instances, one caller wins. run() makes
exactly one API call for the winner through the action registry, then records the outcome on the
confirmation and in the audit table, success or not.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from enum import StrEnum
from typing import TYPE_CHECKING, Any

from sqlalchemy.ext.asyncio import AsyncSession

from bot.db.models import Confirmation, ConfirmationStatus, utcnow
from bot.db.repositories import AuditRepo, ConfirmationRepo, KeyRepo
from bot.services.errors import KeyRemovedError, error_code_of, is_expected, new_reference

if TYPE_CHECKING:
    from bot.crypto import KeyRing
    from bot.pivday import ClientPool, PivDayClient

log = logging.getLogger(__name__)

DEFAULT_TTL_SECONDS = 300

# An executor performs one API call with the stored params and returns a JSON-able result.
Executor = Callable[["PivDayClient", Mapping[str, Any]], Awaitable[dict[str, Any]]]
Clock = Callable[[], datetime]


@dataclass(frozen=True, slots=True)
class Quote:
    """A paid call priced now: the exact request, its cost, the balance it was quoted against.
    Every paid flow ends by producing one; the confirmation stores it verbatim."""

    action: str
    params: Mapping[str, Any]
    cost: Decimal
    balance_before: Decimal | None


@dataclass(frozen=True, slots=True)
class Paid:
    """A paid call that went through, and where its card is on screen: what an action's
    follow-up (e.g. following a queue the call started) needs."""

    session: AsyncSession
    card: Card
    result: Mapping[str, Any]
    api_key_id: int | None
    chat_id: int
    message_id: int | None
    locale: str


# Runs after a successful paid call (declared with the action); commits its own writes.
FollowUp = Callable[[Paid], Awaitable[None]]


class UnknownActionError(LookupError):
    """A confirmation names an action no executor is registered for."""


class ActionRegistry:
    """Action name → executor, built from the features' declarations (bot.features)."""

    def __init__(self) -> None:
        self._executors: dict[str, Executor] = {}

    def register(self, name: str) -> Callable[[Executor], Executor]:
        def decorator(executor: Executor) -> Executor:
            if name in self._executors and self._executors[name] is not executor:
                raise ValueError(f"action {name!r} is registered twice")
            self._executors[name] = executor
            return executor

        return decorator

    def get(self, name: str) -> Executor:
        try:
            return self._executors[name]
        except KeyError:
            raise UnknownActionError(name) from None

    def __contains__(self, name: object) -> bool:
        return name in self._executors

    def names(self) -> list[str]:
        return sorted(self._executors)


@dataclass(frozen=True, slots=True)
class Card:
    """What a confirmation card shows: a snapshot of the stored row."""

    nonce: str
    owner_id: int
    action: str
    params: dict[str, Any]
    cost: Decimal
    balance_before: Decimal | None
    expires_at: datetime
    status: str

    @property
    def balance_after(self) -> Decimal | None:
        return None if self.balance_before is None else self.balance_before - self.cost

    @property
    def shortfall(self) -> Decimal | None:
        """How much is missing, when the quoted balance does not cover the cost."""
        after = self.balance_after
        return -after if after is not None and after < 0 else None

    @classmethod
    def of(cls, row: Confirmation) -> Card:
        return cls(
            nonce=row.nonce,
            owner_id=row.owner_id,
            action=row.action,
            params=dict(row.params),
            cost=Decimal(row.cost),
            balance_before=None if row.balance_before is None else Decimal(row.balance_before),
            expires_at=row.expires_at,
            status=row.status,
        )


@dataclass(frozen=True, slots=True)
class ExpiredCard:
    """A card the sweep just expired: where it is on screen and in which language to say so."""

    chat_id: int
    message_id: int
    card: Card
    locale: str  # the owner's /language choice, else Telegram's language_code, else default


class ClaimStatus(StrEnum):
    CLAIMED = "claimed"  # this caller won and must run() it
    NOT_FOUND = "not_found"  # forged or purged nonce
    NOT_OWNER = "not_owner"  # someone else pressed the button
    EXPIRED = "expired"
    USED = "used"  # already processing or finished
    CANCELLED = "cancelled"


@dataclass(frozen=True, slots=True)
class Claim:
    status: ClaimStatus
    card: Card | None = None
    api_key_id: int | None = None


class RunStatus(StrEnum):
    DONE = "done"
    FAILED = "failed"
    # piv.day did it, but the bot could not record that (its database failed): the user is
    # told both, so they check before trying again; the card stays claimed, never re-runnable.
    UNRECORDED = "unrecorded"


@dataclass(frozen=True, slots=True)
class RunResult:
    status: RunStatus
    card: Card
    result: dict[str, Any] | None = None
    error: BaseException | None = None
    error_code: str | None = None
    reference: str | None = None  # set for unexpected failures; also in the log and audit


class ConfirmationService:
    """Use cases around one confirmation. Works on the caller's session and commits the states
    other updates must see (created, claimed, finished)."""

    def __init__(
        self,
        session: AsyncSession,
        *,
        registry: ActionRegistry | None = None,
        ttl_seconds: int = DEFAULT_TTL_SECONDS,
        clock: Clock = utcnow,
    ) -> None:
        self.session = session
        self.repo = ConfirmationRepo(session)
        self.registry = registry if registry is not None else ActionRegistry()
        self.ttl_seconds = ttl_seconds
        self.clock = clock

    async def create(
        self, quote: Quote, *, owner_id: int, chat_id: int, api_key_id: int | None
    ) -> Card:
        if quote.action not in self.registry:
            raise UnknownActionError(quote.action)
        row = await self.repo.create(
            owner_id=owner_id,
            chat_id=chat_id,
            api_key_id=api_key_id,
            action=quote.action,
            params=dict(quote.params),
            cost=quote.cost,
            balance_before=quote.balance_before,
            ttl_seconds=self.ttl_seconds,
            now=self.clock(),
        )
        card = Card.of(row)
        await self.session.commit()
        return card

    async def attach_message(self, nonce: str, message_id: int) -> None:
        await self.repo.set_message(nonce, message_id)
        await self.session.commit()

    async def get(self, nonce: str) -> Card | None:
        row = await self.repo.get(nonce)
        return None if row is None else Card.of(row)

    async def claim(self, nonce: str, owner_id: int) -> Claim:
        """pending → processing for exactly one caller; everyone else learns why not."""
        now = self.clock()
        row = await self.repo.claim(nonce, owner_id, now)
        await self.session.commit()  # settled before the API call: other instances see it
        if row is not None:
            return Claim(ClaimStatus.CLAIMED, Card.of(row), row.api_key_id)
        return await self._why_not(nonce, owner_id, now)

    async def _why_not(self, nonce: str, owner_id: int, now: datetime) -> Claim:
        row = await self.repo.get(nonce)
        if row is None:
            return Claim(ClaimStatus.NOT_FOUND)
        card = Card.of(row)
        if row.owner_id != owner_id:
            return Claim(ClaimStatus.NOT_OWNER, card)
        if row.status == ConfirmationStatus.CANCELLED.value:
            return Claim(ClaimStatus.CANCELLED, card)
        if row.status == ConfirmationStatus.EXPIRED.value or (
            row.status == ConfirmationStatus.PENDING.value and row.expires_at <= now
        ):
            return Claim(ClaimStatus.EXPIRED, card)
        return Claim(ClaimStatus.USED, card)

    async def cancel(self, nonce: str, owner_id: int) -> Claim:
        """pending → cancelled by its owner. CANCELLED on success, else the reason it can't."""
        cancelled = await self.repo.cancel(nonce, owner_id)
        await self.session.commit()  # races with claim(): settled at once
        if cancelled:
            return Claim(ClaimStatus.CANCELLED, await self.get(nonce))
        why = await self._why_not(nonce, owner_id, self.clock())
        if why.status is ClaimStatus.CANCELLED:  # cancelled earlier: say "used", not "done"
            return Claim(ClaimStatus.USED, why.card)
        return why

    async def expire_due(
        self, now: datetime | None = None, *, default_locale: str = "en"
    ) -> list[ExpiredCard]:
        """pending → expired for every card past its TTL (one UPDATE, committed at once: it
        races with claim() and exactly one of them wins); returns the cards to edit on screen.
        Cards that never made it to a message (sending failed) are expired but not returned."""
        rows = await self.repo.expire_due(now or self.clock())
        # Snapshots before the commit: the card is what it was at the moment it expired.
        on_screen = [(r.chat_id, r.message_id, Card.of(r)) for r in rows if r.message_id]
        await self.session.commit()
        owners = await self.repo.owners({card.owner_id for _c, _m, card in on_screen})
        expired = []
        for chat_id, message_id, card in on_screen:
            user = owners.get(card.owner_id)
            locale = (user and (user.locale or user.language_code)) or default_locale
            expired.append(ExpiredCard(chat_id, message_id, card, locale))
        if rows:
            log.info("expired confirmations count=%d on_screen=%d", len(rows), len(expired))
        return expired

    async def client_for(self, claim: Claim, ring: KeyRing, pool: ClientPool) -> PivDayClient:
        """The client for the key the confirmation was quoted under (not whatever is active
        now: the user may have switched keys since). Raises KeyRemovedError."""
        keys = KeyRepo(self.session, ring)
        row = None
        if claim.card is not None and claim.api_key_id is not None:
            row = await keys.get(claim.card.owner_id, claim.api_key_id)
        if row is None:
            raise KeyRemovedError(claim.api_key_id)
        return pool.client(keys.reveal(row))

    async def run(self, claim: Claim, connect: Callable[[], Awaitable[PivDayClient]]) -> RunResult:
        """The single API call for a won claim; records the outcome whatever it is. `connect`
        yields the client, so failing to get one (key removed) is recorded like any failure."""
        if claim.status is not ClaimStatus.CLAIMED or claim.card is None:
            raise ValueError("run() needs a claim this caller won")
        card = claim.card
        try:
            client = await connect()
            executor = self.registry.get(card.action)
            result = await executor(client, card.params)
        except Exception as exc:
            return await self._failed(claim, exc)
        charged = _charged(result, card.cost)
        try:
            await self._settle(claim, ConfirmationStatus.DONE, charged, result=result)
        except Exception as exc:
            reference = new_reference()
            log.error(
                "confirmation done at piv.day but not recorded ref=%s nonce=%s action=%s",
                reference,
                card.nonce,
                card.action,
                exc_info=exc,
            )
            await self.session.rollback()
            return RunResult(RunStatus.UNRECORDED, card, result=result, reference=reference)
        log.info("confirmation done nonce=%s action=%s", card.nonce, card.action)
        return RunResult(RunStatus.DONE, card, result=result)

    async def _settle(
        self,
        claim: Claim,
        status: ConfirmationStatus,
        cost: Decimal,
        *,
        result: dict[str, Any] | None = None,
        error_code: str | None = None,
        reference: str | None = None,
    ) -> None:
        """The outcome, on the confirmation and in the audit, committed together."""
        assert claim.card is not None
        card = claim.card
        await self.repo.finish(card.nonce, status, result=result, error_code=error_code)
        await AuditRepo(self.session).record(
            user_id=card.owner_id,
            api_key_id=claim.api_key_id,
            action=card.action,
            params=card.params,
            cost=cost,
            outcome="ok" if status is ConfirmationStatus.DONE else "error",
            error_code=error_code,
            reference=reference,
        )
        await self.session.commit()

    async def _failed(self, claim: Claim, exc: Exception) -> RunResult:
        assert claim.card is not None
        card = claim.card
        code = error_code_of(exc)
        reference = None
        if is_expected(exc):
            log.info(
                "confirmation failed nonce=%s action=%s code=%s", card.nonce, card.action, code
            )
        else:
            reference = new_reference()
            log.error(
                "confirmation crashed ref=%s nonce=%s action=%s",
                reference,
                card.nonce,
                card.action,
                exc_info=exc,
            )
        await self.session.rollback()  # whatever the executor left half-done is not ours
        await self._settle(
            claim, ConfirmationStatus.FAILED, card.cost, error_code=code, reference=reference
        )
        return RunResult(RunStatus.FAILED, card, error=exc, error_code=code, reference=reference)


def _charged(result: Mapping[str, Any], quoted: Decimal) -> Decimal:
    """What piv.day says it charged, when the result carries it; the quote otherwise."""
    cost = result.get("cost")
    return Decimal(str(cost)) if cost is not None else quoted
