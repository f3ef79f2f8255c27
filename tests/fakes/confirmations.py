"""Confirmations without Telegram: a counting executor, cards created and pressed through the
real `ConfirmationService` on a real database.

    executor = CountingExecutor()
    registry = counting_registry(executor)        # "test.buy" → executor
    nonce = await create_card(sessionmaker, registry)          # 12.00 against 20.50, owner OWNER
    status = await press_card(sessionmaker, registry, nonce)   # claim, and run() when claimed
"""

from __future__ import annotations

import asyncio
from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.services.confirmations import ActionRegistry, ClaimStatus, ConfirmationService, Quote

OWNER, OTHER, CHAT = 1001, 2002, -500
ACTION = "test.buy"


class CountingExecutor:
    """A real executor that counts its calls and answers like a purchase would."""

    def __init__(self, fail: Exception | None = None) -> None:
        self.calls = 0
        self.fail = fail

    async def __call__(self, client: Any, params: Mapping[str, Any]) -> dict[str, Any]:
        self.calls += 1
        await asyncio.sleep(0.01)  # let racing claimers pile up behind the winner
        if self.fail is not None:
            raise self.fail
        return {"cost": "12.00", "echo": dict(params)}


async def no_client() -> Any:
    return object()


def counting_registry(executor: CountingExecutor) -> ActionRegistry:
    registry = ActionRegistry()
    registry.register(ACTION)(executor)
    return registry


async def create_card(
    sm: async_sessionmaker[AsyncSession],
    registry: ActionRegistry,
    *,
    ttl: int = 300,
    balance: Decimal = Decimal("20.50"),
) -> str:
    """A pending card for OWNER in CHAT: 3 months of SE for 12.00; returns its nonce."""
    async with sm() as session:
        svc = ConfirmationService(session, registry=registry, ttl_seconds=ttl)
        quote = Quote(
            ACTION, {"country_code": "SE", "duration_months": 3}, Decimal("12.00"), balance
        )
        card = await svc.create(quote, owner_id=OWNER, chat_id=CHAT, api_key_id=None)
        assert card.balance_after == balance - Decimal("12.00")
        return card.nonce


async def press_card(
    sm: async_sessionmaker[AsyncSession], registry: ActionRegistry, nonce: str, user: int = OWNER
) -> ClaimStatus:
    """What the Confirm handler does, in a session of its own: claim, and run() if it won."""
    async with sm() as session:
        svc = ConfirmationService(session, registry=registry)
        claim = await svc.claim(nonce, user)
        if claim.status is ClaimStatus.CLAIMED:
            await svc.run(claim, no_client)
        return claim.status
