"""Extra details for event messages (which phone number an SMS came to, and its name).

A message never waits on piv.day: a lookup gets LOOKUP_SECONDS (rate-limiter wait included),
and a failure of any kind (timeout, revoked key, removed key, outage) just leaves the detail
out. Answers are cached per key and number, and concurrent lookups of one number share one
request, so a burst of SMS to one number costs one call.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Callable

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.crypto import KeyRing
from bot.db.models import ApiKey
from bot.db.repositories import KeyRepo
from bot.pivday import ClientPool
from bot.ui.events import NumberInfo

log = logging.getLogger(__name__)

LOOKUP_SECONDS = 2.0
CACHE_SECONDS = 600.0
MISS_SECONDS = 30.0  # a failed lookup is not retried for every message of a burst
CACHE_MAX = 2048


class NumberLookup:
    def __init__(
        self,
        sessionmaker: async_sessionmaker[AsyncSession],
        key_ring: KeyRing,
        pool: ClientPool,
        *,
        within: float = LOOKUP_SECONDS,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.sessionmaker = sessionmaker
        self.key_ring = key_ring
        self.pool = pool
        self.within = within
        self.clock = clock
        self._cache: dict[tuple[int, str], tuple[float, NumberInfo | None]] = {}
        self._flying: dict[tuple[int, str], asyncio.Task[NumberInfo | None]] = {}

    async def number(self, api_key_id: int | None, piv_num_id: str) -> NumberInfo | None:
        if api_key_id is None or not piv_num_id:
            return None
        slot = (api_key_id, piv_num_id)
        cached = self._cache.get(slot)
        if cached is not None and cached[0] > self.clock():
            return cached[1]
        task = self._flying.get(slot)
        if task is None:
            task = self._flying[slot] = asyncio.create_task(self._fetch(api_key_id, piv_num_id))
            task.add_done_callback(lambda _t: self._flying.pop(slot, None))
        try:
            return await asyncio.wait_for(asyncio.shield(task), self.within)
        except TimeoutError:  # it goes on in the background and fills the cache
            log.info("number lookup too slow; sending without it")
            return None

    async def _fetch(self, api_key_id: int, piv_num_id: str) -> NumberInfo | None:
        info: NumberInfo | None = None
        try:
            async with self.sessionmaker() as session:
                keys = KeyRepo(session, self.key_ring)
                row = await session.get(ApiKey, api_key_id)
                if row is None:
                    return None
                client = self.pool.client(keys.reveal(row))
            number = await client.numbers.get(piv_num_id)
            info = NumberInfo(number.phone_number, number.custom_name)
        except Exception as exc:  # any failure only costs the detail, never the message
            log.info("number lookup failed: %s", type(exc).__name__)
        if len(self._cache) >= CACHE_MAX:
            self._cache.clear()
        ttl = CACHE_SECONDS if info is not None else MISS_SECONDS
        self._cache[(api_key_id, piv_num_id)] = (self.clock() + ttl, info)
        return info
