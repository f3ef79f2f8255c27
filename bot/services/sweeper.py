"""The background sweep that expires stale confirmation cards (no aiogram here).

Every SWEEP_INTERVAL_SECONDS, one ConfirmationService.expire_due() moves every pending card past
its TTL to `expired` and hands each one to `on_expired` (the Telegram side edits the message).
Several bot instances may sweep the same database: the UPDATE gives each card to one of them.
A failing sweep or card is logged and the loop goes on; cancelling the task stops it.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.services.confirmations import ConfirmationService, ExpiredCard

log = logging.getLogger(__name__)

SWEEP_INTERVAL_SECONDS = 30.0

OnExpired = Callable[[ExpiredCard], Awaitable[None]]


class CardSweeper:
    def __init__(
        self,
        sessionmaker: async_sessionmaker[AsyncSession],
        on_expired: OnExpired,
        *,
        default_locale: str = "en",
    ) -> None:
        self.sessionmaker = sessionmaker
        self.on_expired = on_expired
        self.default_locale = default_locale

    async def sweep_once(self) -> list[ExpiredCard]:
        """Expire what is due, then show it card by card: sequentially, which keeps a large
        batch within Telegram's flood limits; one card failing doesn't stop the others."""
        async with self.sessionmaker() as session:
            expired = await ConfirmationService(session).expire_due(
                default_locale=self.default_locale
            )
        for item in expired:
            try:
                await self.on_expired(item)
            except Exception:
                log.exception("could not show an expired card nonce=%s", item.card.nonce)
        return expired

    async def run(self, interval: float = SWEEP_INTERVAL_SECONDS) -> None:
        """Sweep forever (until cancelled); a failed sweep is logged and retried next time."""
        while True:
            await asyncio.sleep(interval)
            try:
                await self.sweep_once()
            except Exception:
                log.exception("confirmation sweep failed")
