"""Every update is cheap: what one update costs the database, the key ring and the client pool.

Counted per update through the real dispatcher (SQLAlchemy engine events, spies on
KeyRing.decrypt and PivDayClient construction). The bar (issue 7): an update that changes nothing
runs at most one SQL statement, commits nothing and writes nothing; an update that does not call
piv.day decrypts no key and builds no client; group chatter from people who never used the bot
writes nothing at all. Positive controls (connecting a key) prove the counters are not blind.
"""

from __future__ import annotations

import re
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.crypto import KeyRing
from bot.db.models import User
from bot.pivday import PivDayClient
from tests.fakes.journeys import starting
from tests.fakes.sql_cost import SqlCost, SqlCounter
from tests.fakes.telegram_fixture import BotHarness, Call, HarnessFactory

KEYED, KEYLESS, STRANGER = 1, 2, 77
GROUP = -100900
Step = Callable[[BotHarness], Awaitable[list[Call]]]


@dataclass
class Spies:
    """How often keys were decrypted and PivDayClients built (across all instances)."""

    decrypts: int = 0
    clients: int = 0


@dataclass
class Cost:
    sql: SqlCost = field(default_factory=SqlCost)
    decrypts: int = 0
    clients: int = 0
    calls: list[Call] = field(default_factory=list)  # what the bot sent while handling it

    def __str__(self) -> str:
        return f"{self.sql}\n  decrypts={self.decrypts} clients={self.clients}"


@pytest.fixture
def spies(monkeypatch: pytest.MonkeyPatch) -> Spies:
    spies = Spies()
    decrypt, init = KeyRing.decrypt, PivDayClient.__init__

    def counting_decrypt(self: KeyRing, *args: Any, **kwargs: Any) -> Any:
        spies.decrypts += 1
        return decrypt(self, *args, **kwargs)

    def counting_init(self: PivDayClient, *args: Any, **kwargs: Any) -> None:
        spies.clients += 1
        init(self, *args, **kwargs)

    monkeypatch.setattr(KeyRing, "decrypt", counting_decrypt)
    monkeypatch.setattr(PivDayClient, "__init__", counting_init)
    return spies


@pytest.fixture
def sql(engine: AsyncEngine) -> Iterator[SqlCounter]:
    counter = SqlCounter(engine)  # `engine` is the database every harness here runs on
    yield counter
    counter.close()


@pytest.fixture
def measure(sql: SqlCounter, spies: Spies) -> Callable[[BotHarness, Step], Awaitable[Cost]]:
    async def run(h: BotHarness, step: Step) -> Cost:
        cost = Cost()
        decrypts, clients = spies.decrypts, spies.clients
        with sql.measure() as cost.sql:
            cost.calls = await step(h)
        cost.decrypts, cost.clients = spies.decrypts - decrypts, spies.clients - clients
        return cost

    return run


Measure = Callable[[BotHarness, Step], Awaitable[Cost]]


def send(text: str, user_id: int = KEYED) -> Step:
    return lambda h: h.send(text, user_id=user_id)


def tap(label: str | re.Pattern[str], user_id: int = KEYED) -> Step:
    """A tap on the button with that text (or matching that pattern) on the last screen."""
    return lambda h: h.tap(label, user_id=user_id)


def chatter(user_id: int = STRANGER) -> Step:
    return lambda h: h.send("morning all", user_id=user_id, chat_id=GROUP, chat_type="group")


def assert_answered(kind: str, cost: Cost) -> None:
    """The update was handled for real: a reply, or (group chatter) deliberate silence."""
    if "chatter" in kind:
        assert cost.calls == [], f"{kind}: the bot spoke in a group: {cost.calls}"
    else:
        assert cost.calls, f"{kind}: the bot answered nothing"


@pytest.fixture
async def used_bot(harness: BotHarness, measure: Measure) -> AsyncIterator[BotHarness]:
    """A bot two people have used: KEYED connected a sandbox key, KEYLESS only said /start."""
    await harness.send("/start", user_id=KEYED)
    key = harness.sandbox.create_key(balance="100.00")
    cost = await measure(harness, lambda h: h.connect_key(KEYED, key))
    # Positive control: a write update registers writes and a commit, so a 0 below is real.
    assert cost.sql.writes and cost.sql.commits >= 1, f"{cost}"
    assert cost.clients >= 1, f"{cost}"  # the new key was validated through a fresh client
    await harness.send("/start", user_id=KEYLESS)
    await harness.send("/start", user_id=KEYED)  # the main menu is KEYED's last screen
    yield harness


# Each kind of the mix: steps that bring the user there (run twice: the first pass is "the first
# time"), then the measured update. Only the bot's own state moves (FSM, messages): the database
# has nothing to change.
MIX: dict[str, tuple[list[Step], Step]] = {
    "/start without a key": ([], send("/start", KEYLESS)),
    "/start with a key": ([], send("/start")),
    "/help": ([], send("/help")),
    "/settings": ([], send("/settings")),
    "menu: Numbers": ([send("/start")], tap("📱 Numbers")),
    "menu: Settings": ([send("/start")], tap("⚙️ Settings")),
    "menu: Back to the main menu": ([send("/settings")], tap("« Back")),
    "paged list: next page": (
        [send("/start"), tap("📱 Numbers"), tap("➕ Buy a number")],
        tap("➡️"),
    ),
    "wizard step: duration": (
        [send("/start"), tap("📱 Numbers"), tap("➕ Buy a number"), tap(starting("🇸🇪"))],
        tap(starting("1 month · ")),
    ),
    "group chatter from a stranger": ([], chatter()),
}


@pytest.mark.parametrize("kind", list(MIX))
async def test_an_update_that_changes_nothing_is_one_read_at_most(
    used_bot: BotHarness, measure: Measure, kind: str
) -> None:
    before, step = MIX[kind]
    for warm in (*before, step, *before):
        await warm(used_bot)
    cost = await measure(used_bot, step)
    assert_answered(kind, cost)
    assert len(cost.sql.statements) <= 1, f"{kind}: {cost}"
    assert cost.sql.writes == [], f"{kind}: {cost}"
    assert cost.sql.commits == 0, f"{kind}: {cost}"


async def test_group_chatter_from_strangers_writes_nothing(
    used_bot: BotHarness, measure: Measure
) -> None:
    for stranger in (STRANGER, STRANGER + 1, STRANGER):
        cost = await measure(used_bot, chatter(stranger))
        assert cost.sql.writes == [] and cost.sql.commits == 0, f"{cost}"
        assert len(cost.sql.statements) <= 1, f"{cost}"
    async with used_bot.sessionmaker() as session:
        ids = set((await session.scalars(select(User.id))).all())
    assert ids == {KEYED, KEYLESS}  # no row for people who never used the bot


# Updates that never need piv.day; a str is a button on KEYED's last screen before the restart.
NO_PIVDAY: dict[str, Step | str] = {
    "/help": send("/help"),
    "/settings": send("/settings"),
    "group chatter": chatter(KEYED),
    "menu: Numbers": "📱 Numbers",
    "menu: Settings": "⚙️ Settings",
}


@pytest.mark.parametrize("kind", list(NO_PIVDAY))
async def test_no_key_is_decrypted_nor_client_built_unless_piv_day_is_called(
    used_bot: BotHarness, make_harness: HarnessFactory, measure: Measure, kind: str
) -> None:
    # A second bot process on the same database: nothing about the key is cached in it yet.
    fresh = await make_harness(encryption_keys=used_bot.settings.encryption_keys)
    step = NO_PIVDAY[kind]
    if isinstance(step, str):  # a tap on the menu the previous process sent
        button = used_bot.button(step, KEYED)
        step = lambda h: h.tap(button, user_id=KEYED)  # noqa: E731
    cost = await measure(fresh, step)
    assert_answered(kind, cost)
    assert cost.decrypts == 0 and cost.clients == 0, f"{kind}: {cost}"
    # Positive control: the first update that does call piv.day opens the key and builds a client.
    cost = await measure(fresh, send("/start"))
    assert "$100.00" in (fresh.last_text(KEYED) or "")
    assert cost.decrypts >= 1 and cost.clients >= 1, f"{cost}"
