"""With REDIS_URL, a new-site draft lives in Redis in its own FSM slot: left on one bot
instance, resumed on another at its summary, created once. Real Redis; skipped without
TEST_REDIS_URL (`.ci/run` sets it)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from redis.asyncio import Redis

from bot.crypto import KeyRing
from tests.fakes.i18n_fixture import tr
from tests.fakes.journeys import containing
from tests.fakes.redis_fixture import REDIS_URL, needs_redis
from tests.fakes.sites_flow import answer_required, open_sites, open_wizard
from tests.fakes.telegram_fixture import HarnessFactory

pytestmark = needs_redis


async def test_a_draft_left_on_one_instance_resumes_on_another(
    make_harness: HarnessFactory, redis: Redis, sandbox: Any, sandbox_key: str
) -> None:
    t = tr("en")
    shared = {"redis_url": REDIS_URL, "encryption_keys": [KeyRing.generate_key("ring")]}
    first = await make_harness(**shared)
    await first.connect_key(1, sandbox_key)
    await open_wizard(first)
    await answer_required(first, name="Redis site")
    await first.tap(t.get("wizard-cancel"))
    assert any(b"sites_draft" in key for key in await redis.keys())

    second = await make_harness(**shared)  # its own memory; the same Redis and database
    await open_sites(second)
    await second.tap(t.get("sites-new"))
    await second.tap(t.get("sites-resume"))
    assert t.get("wizard-field", field=t.get("sites-field-name"), value="Redis site") in (
        second.last_text() or ""
    )
    await second.tap(t.get("sites-to-quote"))
    await second.tap(containing("Confirm"))
    assert [w.name for w in sandbox.whites(sandbox_key)] == ["Redis site"]
    assert sandbox.balance(sandbox_key) == Decimal("97.00")
