"""Creating a site through the real dispatcher against the sandbox: the wizard (required
fields, the optional screen, the summary with Edit buttons), refused answers, leaving and
resuming, the confirmation card's price, and what piv.day's state became after Confirm."""

from __future__ import annotations

from decimal import Decimal

import pytest

from tests.fakes.chat import button_texts, tap, tr
from tests.fakes.sites_flow import answer_required, fill, open_wizard
from tests.fakes.telegram_fixture import BotHarness


@pytest.fixture
async def h(harness: BotHarness, sandbox_key: str) -> BotHarness:
    await harness.connect_key(1, sandbox_key)
    return harness


async def test_smoke(h: BotHarness, sandbox_key: str) -> None:
    t = tr("en")
    await open_wizard(h)
    print(h.last_text(), button_texts(h))
    await answer_required(h)
    print(h.last_text(), button_texts(h))
    await tap(h, t.get("sites-to-summary"))
    print(h.last_text(), button_texts(h))
    await tap(h, t.get("sites-to-quote"))
    print(h.last_text(), button_texts(h))
    await tap(h, "Confirm")
    print(h.last_text(), button_texts(h))
    assert h.sandbox.balance(sandbox_key) == Decimal("97.00")
