"""Numbers have no expiry event: the bot warns 3 days and 1 day before (once per threshold),
never for auto-renewing numbers, stops once renewed, and survives restarts without repeating."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from bot.events.inbox import Doorbell
from bot.events.reminders import ReminderScheduler, threshold_reached
from bot.pivday import ClientPool
from tests.fakes.events_fixture import EventsFactory, EventsHarness
from tests.fakes.sandbox_fixture import RunningSandbox

USER = 31
DAY = 86400


def _scheduler(ev: EventsHarness, sandbox: RunningSandbox, pool: ClientPool) -> ReminderScheduler:
    """A fresh scheduler (as after a restart) on the sandbox's clock."""
    return ReminderScheduler(
        ev.h.sessionmaker,
        ev.h.key_ring,
        pool,
        days=ev.h.settings.reminder_days,
        doorbell=Doorbell(),
        clock=sandbox.clock.now,
    )


async def test_one_warning_per_threshold_then_silence_once_renewed(
    events: EventsHarness, sandbox: RunningSandbox, sandbox_key: str
) -> None:
    sandbox.rate_limit = 0
    await events.connect(USER, sandbox_key)
    number = sandbox.add_number(sandbox_key, "SE", custom_name="Ads")  # 30 days, no auto-renew
    sandbox.add_number(sandbox_key, "GB", auto_renew=True)  # renews itself: never warned
    pool = events.h.pool

    await sandbox.advance(26 * DAY)  # 4 days left
    assert await _scheduler(events, sandbox, pool).run_once() == 0
    await sandbox.advance(int(1.5 * DAY))  # 2.5 days left
    assert await _scheduler(events, sandbox, pool).run_once() == 1
    assert await _scheduler(events, sandbox, pool).run_once() == 0  # a restart repeats nothing
    await events.settle()
    (warning,) = events.sent_to(USER)
    assert "Number expires in 3 days" in warning.text
    assert number.phone_number in warning.text and "Ads" in warning.text
    assert warning.reply_markup.inline_keyboard[0][0].callback_data == f"rn:n:{number.piv_num_id}"

    await sandbox.advance(int(1.8 * DAY))  # 0.7 days left
    assert await _scheduler(events, sandbox, pool).run_once() == 1
    await events.settle()
    assert "within a day" in events.sent_to(USER)[1].text

    async with sandbox.client(sandbox_key) as http:  # renewed: a month more
        r = await http.post(f"/numbers/{number.piv_num_id}/renew", json={"duration_months": 1})
        assert r.status_code == 200, r.text
    assert await _scheduler(events, sandbox, pool).run_once() == 0
    await sandbox.advance(28 * DAY)  # the new term ends in ~2.7 days: it warns anew
    assert await _scheduler(events, sandbox, pool).run_once() == 1


async def test_a_number_first_seen_a_day_before_gets_one_warning(
    make_events: EventsFactory, sandbox: RunningSandbox, sandbox_key: str
) -> None:
    events = await make_events(reminder_days=[7, 3, 1])
    await events.connect(USER, sandbox_key)
    sandbox.add_number(sandbox_key, "SE")
    await sandbox.advance(int(29.5 * DAY))
    scheduler = _scheduler(events, sandbox, events.h.pool)
    assert await scheduler.run_once() == 1
    assert await scheduler.run_once() == 0
    await events.settle()
    (warning,) = events.sent_to(USER)
    assert "within a day" in warning.text


async def test_a_revoked_key_is_skipped_quietly(
    events: EventsHarness, sandbox: RunningSandbox, sandbox_key: str
) -> None:
    await events.connect(USER, sandbox_key)
    sandbox.add_number(sandbox_key, "SE")
    await sandbox.advance(29 * DAY)
    sandbox.revoke_key(sandbox_key)
    assert await _scheduler(events, sandbox, events.h.pool).run_once() == 0


def test_thresholds() -> None:
    now = datetime(2026, 5, 1, tzinfo=UTC)
    days = (3, 1)
    assert threshold_reached(now + timedelta(days=4), now, days) is None
    assert threshold_reached(now + timedelta(days=3), now, days) == 3
    assert threshold_reached(now + timedelta(hours=30), now, days) == 3
    assert threshold_reached(now + timedelta(hours=23), now, days) == 1
    assert threshold_reached(now - timedelta(seconds=1), now, days) is None
