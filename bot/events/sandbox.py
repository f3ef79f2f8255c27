"""Play money (`make sandbox`): the in-process sandbox's webhooks reach this bot without a
public URL (no aiogram here).

The sandbox is driven through its control API (`/_sandbox/…`, next to its `/api/v1`): each
stored key's webhook URL is pointed at the bot's own loopback server
(`http://127.0.0.1:HTTP_PORT/pivday/events/{token}`), so every sandbox event, including the
number card's "🧪 Simulate an incoming SMS" (bot.services.sandbox.simulate_sms), goes through
the same receiver, inbox, router and outbox as a real piv.day event. Keys connected while the
bot runs are linked within LINK_EVERY_SECONDS.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable

import httpx
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.config import Settings
from bot.crypto import DecryptionError, KeyRing
from bot.db.models import ApiKey
from bot.db.repositories import KeyRepo
from bot.services.notifications import TokenService, events_url
from bot.services.sandbox import control_root

log = logging.getLogger(__name__)

LINK_EVERY_SECONDS = 2.0


def loopback_base(settings: Settings) -> str:
    """The bot's own HTTP server as seen from this machine."""
    host = settings.http_host
    if host in ("", "0.0.0.0", "::"):  # listening everywhere: reach it on loopback
        host = "127.0.0.1"
    return f"http://{host}:{settings.http_port}"


def events_base(settings: Settings) -> str | None:
    """Where piv.day (or the sandbox) reaches the event receiver; None: nowhere (no
    PUBLIC_URL, real piv.day)."""
    if settings.sandbox_mode:
        return loopback_base(settings)
    return settings.public_url.rstrip("/") if settings.public_url else None


async def link_key(
    settings: Settings, session: AsyncSession, ring: KeyRing, key: ApiKey, http: httpx.AsyncClient
) -> bool:
    """Point the sandbox key's webhook at this bot; False when the sandbox doesn't know it
    (a key from an earlier run: the in-process sandbox starts empty every time)."""
    token = await TokenService(session, ring).token(key)
    body = {
        "key": KeyRepo(session, ring).reveal(key).get_secret_value(),
        "url": events_url(loopback_base(settings), token),
    }
    url = control_root(settings.pivday_api_url) + "/_sandbox/webhook"
    response = await http.post(url, json=body)
    return response.status_code == 200


class SandboxLinker:
    """Links every stored key to this bot once per process (the sandbox forgets on restart)."""

    def __init__(
        self,
        settings: Settings,
        sessionmaker: async_sessionmaker[AsyncSession],
        key_ring: KeyRing,
        *,
        http: Callable[[], httpx.AsyncClient] = lambda: httpx.AsyncClient(timeout=10),
    ) -> None:
        self.settings = settings
        self.sessionmaker = sessionmaker
        self.key_ring = key_ring
        self.http = http
        self.seen: set[int] = set()

    async def run(self, every: float = LINK_EVERY_SECONDS) -> None:
        while True:
            try:
                await self.run_once()
            except Exception:
                log.exception("sandbox webhook linking failed")
            await asyncio.sleep(every)

    async def run_once(self) -> int:
        linked = 0
        async with self.sessionmaker() as session, self.http() as http:
            keys = (await session.scalars(select(ApiKey).order_by(ApiKey.id))).all()
            for key in keys:
                if key.id in self.seen:
                    continue
                self.seen.add(key.id)
                try:
                    linked += await link_key(self.settings, session, self.key_ring, key, http)
                except (DecryptionError, httpx.HTTPError) as exc:
                    log.info("sandbox key not linked key_id=%s: %s", key.id, type(exc).__name__)
        return linked
