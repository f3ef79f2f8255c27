"""My sites: the jobs list with status and tier filters and paging, job cards (from the list,
a result card, the events hub's message), cards that update themselves while a site is
generated (the watcher loop, pokes, deadline), and statuses the docs don't know."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from aiogram.methods import EditMessageText
from sqlalchemy import select

from bot.app import default_features
from bot.db.models import Watch, WatchStatus
from bot.features import Catalog
from bot.services.watches import SITE_JOB, WatchService
from bot.ui.callbacks import Kind, OpenCallback, RenewCallback
from bot.ui.paging import PageCallback
from bot.watching import WatchLoop
from tests.fakes.i18n_fixture import load_core, tr
from tests.fakes.journeys import containing
from tests.fakes.sites_flow import open_sites, start_white
from tests.fakes.telegram_fixture import BotHarness, Call

T = tr("en")


@pytest.fixture
async def h(harness: BotHarness, sandbox_key: str) -> BotHarness:
    await harness.connect_key(1, sandbox_key)
    return harness


def text(h: BotHarness) -> str:
    return h.last_text() or ""


def status(key: str) -> str:
    icons = {"queued": "⏳", "processing": "⚙️", "done": "✅", "failed": "❌"}
    return f"{icons[key]} {T.get(f'sites-status-{key}')}"


@dataclass
class Clock:
    now: datetime

    def __call__(self) -> datetime:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += timedelta(seconds=seconds)


def watch_loop(h: BotHarness, clock: Clock) -> WatchLoop:
    return WatchLoop(
        h.sessionmaker,
        Catalog.of(default_features()).watchers(),
        bot=h.bot,
        core=load_core(),
        key_ring=h.key_ring,
        pool=h.pool,
        clock=clock,
    )


async def watches(h: BotHarness) -> list[Watch]:
    async with h.sessionmaker() as session:
        return list((await session.scalars(select(Watch).order_by(Watch.id))).all())


def edits(calls: list[Call]) -> list[EditMessageText]:
    return [c for c in calls if isinstance(c, EditMessageText)]


async def test_list_filters_by_status_and_tier(h: BotHarness, sandbox_key: str) -> None:
    await start_white(h.sandbox, sandbox_key, name="Ready one")
    await h.sandbox.advance(130)
    await start_white(h.sandbox, sandbox_key, name="Broken", tier_key="v2_tier3", niche="fail")
    await h.sandbox.advance(130)
    await start_white(h.sandbox, sandbox_key, name="Waiting", tier_key="v2_tier2")

    await open_sites(h)
    await h.tap(T.get("sites-my-jobs"))
    listing = text(h)
    assert listing.startswith(T.get("sites-jobs-title", total=3))
    anything = T.get("sites-filter-any")
    assert T.get("sites-filters", status=anything, tier=anything) in listing
    assert f"{status('done')} · <b>Ready one</b> · {T.get('sites-tier-landing')}" in listing
    assert f"{status('failed')} · <b>Broken</b> · {T.get('sites-tier-blog')}" in listing
    assert f"{status('queued')} · <b>Waiting</b> · {T.get('sites-tier-multipage')}" in listing
    assert h.labels()[:3] == ["✅ Ready one", "❌ Broken", "⏳ Waiting"]

    await h.tap(T.get("sites-filter"))
    assert text(h).startswith(T.get("sites-filter-title"))
    await h.tap(T.get("sites-status-done"))
    assert f"✓ {T.get('sites-status-done')}" in h.labels()
    await h.tap(T.get("sites-filter-show"))
    assert text(h).startswith(T.get("sites-jobs-title", total=1))
    assert "Ready one" in text(h) and "Broken" not in text(h)

    await h.tap(T.get("sites-filter"))
    await h.tap(f"✓ {T.get('sites-status-done')}")  # still selected; pick "any" instead
    await h.tap(T.get("sites-filter-any"))
    await h.tap(T.get("sites-tier-blog"))
    await h.tap(T.get("sites-filter-show"))
    assert text(h).startswith(T.get("sites-jobs-title", total=1)) and "Broken" in text(h)

    # A forged filter is refused, not sent to piv.day.
    calls = await h.press(PageCallback(list_id="sl.archived.", page=0).pack())
    assert [a.text for a in h.answers(calls)] == [T.get("sites-stale-step")]


async def test_list_pages_through_piv_days_pages(h: BotHarness, sandbox_key: str) -> None:
    for n in range(10):
        await start_white(h.sandbox, sandbox_key, name=f"Site {n}")
    await open_sites(h)
    await h.tap(T.get("sites-my-jobs"))
    assert [b for b in h.labels() if b.startswith("⏳")] == [f"⏳ Site {n}" for n in range(8)]
    assert T.get("paging-position", page=1, pages=2) in h.labels()
    await h.tap(T.get("paging-next"))
    assert [b for b in h.labels() if b.startswith("⏳")] == ["⏳ Site 8", "⏳ Site 9"]
    # A page past the end (jobs went away meanwhile) shows the last one.
    await h.press(PageCallback(list_id="sl..", page=7).pack())
    assert [b for b in h.labels() if b.startswith("⏳")] == ["⏳ Site 8", "⏳ Site 9"]


async def test_unknown_status_shows_its_number(h: BotHarness, sandbox_key: str) -> None:
    job = await start_white(h.sandbox, sandbox_key, name="Odd")
    h.sandbox.whites_by_id[job["id"]].status = 7
    await open_sites(h)
    await h.tap(T.get("sites-my-jobs"))
    assert f"{T.get('sites-status-unknown', code='7')} · <b>Odd</b>" in text(h)
    assert "❔ Odd" in h.labels()
    await h.tap(containing("❔ Odd"))
    assert T.get("sites-card-status", status=T.get("sites-status-unknown", code="7")) in text(h)


async def test_the_card_follows_the_job_until_it_is_done(h: BotHarness, sandbox_key: str) -> None:
    job = await start_white(h.sandbox, sandbox_key, name="Live")
    await open_sites(h)
    await h.tap(T.get("sites-my-jobs"))
    await h.tap(containing("⏳ Live"))
    card_id = h.last_message_id(1)
    assert T.get("sites-card-status", status=status("queued")) in text(h)
    assert T.get("sites-card-live") in text(h)
    assert h.labels()[0] == T.get("sites-refresh")
    [watch] = await watches(h)
    assert (watch.kind, watch.target, watch.message_id) == (SITE_JOB, job["id"], card_id)

    clock = Clock(datetime.now(UTC))
    loop = watch_loop(h, clock)
    assert await loop.run_once() == 0  # first look after 5 s
    clock.advance(5)
    shown = text(h)
    assert await loop.run_once() == 1
    assert text(h) == shown  # still queued: the same card
    clock.advance(8)
    before = len(h.calls)
    assert await loop.run_once() == 1
    assert edits(h.calls[before:]) == []  # nothing changed since the last look: no edit

    await h.sandbox.advance(10)
    clock.advance(12)  # the polls back off: 5 s, 7.5 s, 11.25 s…
    await loop.run_once()
    [edit] = edits(h.calls[before:])
    assert edit.message_id == card_id
    assert T.get("sites-card-status", status=status("processing")) in (edit.text or "")

    await h.sandbox.advance(120)  # done; white.completed makes the events hub poke the watch
    async with h.sessionmaker() as session:
        assert await WatchService(session, clock=clock).poke(SITE_JOB, job["id"])
    before = len(h.calls)
    assert await loop.run_once() == 1  # at once, not 11 s later
    [edit] = edits(h.calls[before:])
    assert T.get("sites-card-status", status=status("done")) in (edit.text or "")
    assert T.get("sites-card-live") not in (edit.text or "")
    labels = [b.text for row in edit.reply_markup.inline_keyboard for b in row]  # type: ignore[union-attr]
    assert labels[:2] == [T.get("sites-download"), T.get("sites-swap")]
    [watch] = await watches(h)
    assert watch.status == WatchStatus.DONE


async def test_a_card_that_follows_too_long_says_so(h: BotHarness, sandbox_key: str) -> None:
    job = await start_white(h.sandbox, sandbox_key, name="Slow")
    await h.press(OpenCallback(kind=Kind.SITE, id=job["id"]).pack())
    clock = Clock(datetime.now(UTC))
    clock.advance(3601)
    before = len(h.calls)
    await watch_loop(h, clock).run_once()
    [edit] = edits(h.calls[before:])
    assert T.get("sites-follow-timeout") in (edit.text or "")
    assert T.get("sites-card-status", status=status("queued")) in (edit.text or "")
    assert (await watches(h))[0].status == WatchStatus.EXPIRED


async def test_opening_a_card_again_moves_the_live_updates_to_it(
    h: BotHarness, sandbox_key: str
) -> None:
    job = await start_white(h.sandbox, sandbox_key, name="Twice")
    open_it = OpenCallback(kind=Kind.SITE, id=job["id"]).pack()
    await h.press(open_it)
    await h.send("/start")  # a new message at the bottom
    await h.press(open_it)
    [watch] = await watches(h)
    assert watch.message_id == h.last_message_id(1)


async def test_the_events_message_opens_a_finished_card_with_download(
    h: BotHarness, sandbox_key: str
) -> None:
    job = await start_white(h.sandbox, sandbox_key, name="Done")
    await h.sandbox.advance(130)
    await h.send("/start")
    await h.press(OpenCallback(kind=Kind.SITE, id=job["id"]).pack())
    assert T.get("sites-card-status", status=status("done")) in text(h)
    assert T.get("sites-download") in h.labels()
    assert await watches(h) == []  # nothing left to follow


async def test_renewing_a_site_is_explained(h: BotHarness, sandbox_key: str) -> None:
    job = await start_white(h.sandbox, sandbox_key)
    calls = await h.press(RenewCallback(kind=Kind.SITE, id=job["id"]).pack())
    assert [(a.text, a.show_alert) for a in h.answers(calls)] == [
        (T.get("sites-nothing-to-renew"), True)
    ]


async def test_a_job_of_another_account_is_not_found(h: BotHarness) -> None:
    other = h.sandbox.create_key(balance="10.00")
    job: dict[str, Any] = await start_white(h.sandbox, other)
    await h.press(OpenCallback(kind=Kind.SITE, id=job["id"]).pack())
    assert text(h) == T.get("error-not-found")
    assert await watches(h) == []
