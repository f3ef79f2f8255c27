"""Two bot instances on one database, each with its own connection pool, piv.day client pool and
Bot session, as two replicas behind a load balancer would be: twenty Confirm taps spread over
both make exactly one purchase. Runs on SQLite and, with TEST_DATABASE_URL, on PostgreSQL."""

from __future__ import annotations

import asyncio
from decimal import Decimal
from typing import Any

from aiogram.methods import AnswerCallbackQuery, EditMessageText

from tests.fakes.db_fixture import warm_pool
from tests.fakes.journeys import PURCHASE, walk_to_card
from tests.fakes.telegram_fixture import HarnessFactory, text_of


async def test_two_instances_twenty_presses_one_purchase(
    make_any_harness: HarnessFactory, sandbox: Any, sandbox_key: str
) -> None:
    first = await make_any_harness()
    second = await make_any_harness(replica_of=first)
    await first.connect_key(1, sandbox_key)
    confirm = await walk_to_card(first, country="SE", months=3)  # 3 × $4.00
    assert sandbox.balance(sandbox_key) == Decimal("100.00")
    for replica in (first, second):  # replicas that have been serving hold open connections
        await warm_pool(replica.engine)

    # The same button on the user's screen, its taps landing on either replica.
    results = await asyncio.gather(*(h.tap(confirm) for h in [first, second] * 10))

    assert sandbox.calls(sandbox_key, *PURCHASE) == 1
    assert sandbox.balance(sandbox_key) == Decimal("88.00")
    answers = [c for calls in results for c in calls if isinstance(c, AnswerCallbackQuery)]
    assert len(answers) == 20  # every press was answered…
    assert sum(1 for a in answers if a.show_alert) == 19  # …and 19 were told it is taken
    [number] = sandbox.numbers(sandbox_key)
    edits = [c for calls in results for c in calls if isinstance(c, EditMessageText)]
    screens = [text_of(c) or "" for c in edits]
    assert sum(number.phone_number in text for text in screens) == 1  # one result card
