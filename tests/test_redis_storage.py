"""With REDIS_URL, wizard state lives in Redis: a buy wizard started on one bot instance goes on
from the step it reached on another (or after a restart). Real Redis; skipped without
TEST_REDIS_URL (`.ci/run` sets it)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from redis.asyncio import Redis

from bot.crypto import KeyRing
from tests.fakes.i18n_fixture import tr
from tests.fakes.journeys import PURCHASE, confirm_button, starting
from tests.fakes.redis_fixture import REDIS_URL, needs_redis
from tests.fakes.telegram_fixture import HarnessFactory

pytestmark = needs_redis


async def test_wizard_state_survives_a_second_instance(
    make_harness: HarnessFactory, redis: Redis, sandbox: Any, sandbox_key: str
) -> None:
    shared = {"redis_url": REDIS_URL, "encryption_keys": [KeyRing.generate_key("ring")]}
    t = tr("en")
    first = await make_harness(**shared)
    await first.connect_key(1, sandbox_key)
    await first.send("/start")
    await first.tap(t.get("menu-button-numbers"))
    await first.tap(t.get("numbers-buy-button"))
    await first.tap(starting("🇸🇪"))
    await first.tap(t.get("numbers-duration-option", months=3, cost="$12.00"))
    assert await redis.dbsize() > 0  # the state is in Redis, not in memory

    # The next taps on the same message reach another instance: its own memory, same Redis and DB.
    second = await make_harness(**shared)
    await second.tap(first.button(t.get("numbers-renew-off")))
    await second.tap(t.get("wizard-skip"))
    await second.tap(confirm_button(second))

    assert sandbox.calls(sandbox_key, *PURCHASE) == 1
    assert sandbox.balance(sandbox_key) == Decimal("88.00")  # 3 months of SE at 4.00
