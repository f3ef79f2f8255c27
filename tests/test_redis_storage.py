"""With REDIS_URL, wizard state lives in Redis: a buy wizard started on one bot instance goes on
from the step it reached on another (or after a restart). Real Redis; skipped without
TEST_REDIS_URL (`.ci/run` sets it)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from redis.asyncio import Redis

from bot.crypto import KeyRing
from tests.fakes.redis_fixture import REDIS_URL, needs_redis
from tests.fakes.telegram_fixture import HarnessFactory
from tests.test_numbers_buy_flow import NUMBERS, PURCHASE

pytestmark = needs_redis


async def test_wizard_state_survives_a_second_instance(
    make_harness: HarnessFactory, redis: Redis, sandbox: Any, sandbox_key: str
) -> None:
    shared = {"redis_url": REDIS_URL, "encryption_keys": [KeyRing.generate_key("ring")]}
    first = await make_harness(**shared)
    await first.connect_key(1, sandbox_key)
    await first.press(NUMBERS)
    await first.press("n:buy")
    await first.press("wp:bn:c:SE")
    await first.press("wp:bn:d:3")
    assert await redis.dbsize() > 0  # the state is in Redis, not in memory

    second = await make_harness(**shared)  # another instance: its own memory, same Redis and DB
    await second.press("wp:bn:r:0")
    await second.press("wz:bn:skip")
    [confirm] = [d for _t, d in second.last_buttons() if d and d.startswith("cf:ok:")]
    await second.press(confirm)

    assert sandbox.calls(sandbox_key, *PURCHASE) == 1
    assert sandbox.balance(sandbox_key) == Decimal("88.00")  # 3 months of SE at 4.00
