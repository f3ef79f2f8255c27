"""One transaction boundary: services commit, the pipeline never does, and "done" comes only
after the commit. Here the database refuses to commit and the user must not read "done"."""

from __future__ import annotations

import logging
import re
from collections.abc import Iterator
from contextlib import contextmanager
from decimal import Decimal

import pytest
from sqlalchemy import select
from sqlalchemy.exc import OperationalError
from sqlalchemy.ext.asyncio import AsyncSession

from bot.db.models import ApiKey, Confirmation, User
from tests.fakes.i18n_fixture import tr
from tests.fakes.journeys import walk_to_card
from tests.fakes.telegram_fixture import BotHarness, text_of

UNEXPECTED = "something went wrong on the bot's side"
T = tr("en")


def _row(key: ApiKey) -> re.Pattern[str]:
    """The key's row in /keys, active (✅) or not."""
    return re.compile(re.escape(f"{key.label} · {key.mask}") + "$")


@contextmanager
def commits_fail(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[int]]:
    """Every COMMIT fails like a full disk would, until the block ends."""
    attempts: list[int] = []

    async def broken(self: AsyncSession) -> None:
        attempts.append(1)
        raise OperationalError("COMMIT", {}, Exception("disk I/O error"))

    with monkeypatch.context() as patch:
        patch.setattr(AsyncSession, "commit", broken)
        yield attempts


def _said(calls: list[object]) -> str:
    return "\n".join(text_of(c) or "" for c in calls)  # type: ignore[arg-type]


async def _keys(h: BotHarness, user_id: int = 1) -> list[ApiKey]:
    async with h.sessionmaker() as session:
        stmt = select(ApiKey).where(ApiKey.owner_id == user_id).order_by(ApiKey.id)
        return list((await session.scalars(stmt)).all())


async def _unexpected_shown(h: BotHarness) -> None:
    assert UNEXPECTED in (h.last_text() or "")


async def test_connecting_a_key_that_cannot_be_stored_says_so(
    harness: BotHarness, monkeypatch: pytest.MonkeyPatch
) -> None:
    h = harness
    await h.send("/start")
    await h.send("/key")
    with commits_fail(monkeypatch) as attempts:
        calls = await h.send(h.sandbox.create_key(balance="5.00"))
    assert attempts and "Key connected" not in _said(calls)
    await _unexpected_shown(h)
    assert await _keys(h) == []


async def test_rename_switch_remove_say_nothing_when_not_committed(
    harness: BotHarness, monkeypatch: pytest.MonkeyPatch
) -> None:
    h = harness
    await h.connect_key(1, h.sandbox.create_key(balance="5.00"))
    await h.connect_key(1, h.sandbox.create_key(balance="6.00"))
    first, second = await _keys(h)
    await h.send("/keys")
    # Rename the first key: the new name is typed while commits fail.
    await h.tap(_row(first))
    await h.tap(T.get("keys-button-rename"))
    with commits_fail(monkeypatch):
        calls = await h.send("Shop")
    assert "Renamed" not in _said(calls)
    await _unexpected_shown(h)
    assert [k.label for k in await _keys(h)] == [first.label, second.label]
    # Switch to the first key (the second is active: it was connected last).
    await h.send("/keys")
    await h.tap(_row(first))
    with commits_fail(monkeypatch):
        calls = await h.tap(T.get("keys-button-use"))
    assert "Active key" not in _said(calls)
    async with h.sessionmaker() as session:
        user = await session.get(User, 1)
        assert user is not None and user.active_key_id == second.id
    # Remove the second key.
    await h.send("/keys")
    await h.tap(_row(second))
    await h.tap(T.get("keys-button-remove"))
    with commits_fail(monkeypatch):
        calls = await h.tap(T.get("keys-button-remove-yes"))
    assert "Key removed" not in _said(calls)
    assert len(await _keys(h)) == 2
    # Without the fault, each says "done" and it is so.
    await h.send("/keys")
    await h.tap(_row(first))
    calls = await h.tap(T.get("keys-button-use"))
    assert "Active key" in _said(calls)


async def test_language_choice_not_saved_is_not_confirmed(
    harness: BotHarness, monkeypatch: pytest.MonkeyPatch
) -> None:
    h = harness
    await h.send("/start")
    await h.send("/language")
    with commits_fail(monkeypatch):
        calls = await h.tap(T.get("language-name-ru"))
    answers = [a.text for a in h.answers(calls)]
    assert "Language saved." not in answers and "Язык сохранён." not in answers
    async with h.sessionmaker() as session:
        user = await session.get(User, 1)
        assert user is not None and user.locale is None


async def test_a_claim_that_cannot_be_committed_buys_nothing(
    harness: BotHarness, monkeypatch: pytest.MonkeyPatch
) -> None:
    h = harness
    key = h.sandbox.create_key(balance="100.00")
    await h.connect_key(1, key)
    confirm = await walk_to_card(h, months=3, name=None)
    with commits_fail(monkeypatch):
        calls = await h.tap(confirm)
    assert "Processing" not in _said(calls) and "bought" not in _said(calls).lower()
    assert h.sandbox.balance(key) == Decimal("100.00")
    assert h.sandbox.calls(key, "POST", "/numbers/purchase") == 0
    # The card is still pending: a later press (commits working again) buys exactly once.
    await h.tap(confirm)
    await h.tap(confirm)
    assert h.sandbox.balance(key) == Decimal("88.00")
    assert h.sandbox.calls(key, "POST", "/numbers/purchase") == 1


async def test_a_purchase_done_but_not_recorded_is_said_honestly_and_never_repeated(
    harness: BotHarness, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    h = harness
    key = h.sandbox.create_key(balance="100.00")
    await h.connect_key(1, key)
    confirm = await walk_to_card(h, months=3, name=None)
    real_commit = AsyncSession.commit
    seen = 0

    async def second_fails(self: AsyncSession) -> None:
        nonlocal seen
        seen += 1
        if seen == 2:  # the claim commits, then the outcome's commit fails
            raise OperationalError("COMMIT", {}, Exception("disk I/O error"))
        await real_commit(self)

    with monkeypatch.context() as patch, caplog.at_level(logging.ERROR):
        patch.setattr(AsyncSession, "commit", second_fails)
        await h.tap(confirm)
    text = h.last_text() or ""
    assert "could not save it in my records" in text and "+" in text  # the number is shown
    assert h.sandbox.balance(key) == Decimal("88.00")
    await h.tap(confirm)
    assert h.sandbox.calls(key, "POST", "/numbers/purchase") == 1  # claimed for good
    async with h.sessionmaker() as session:
        [row] = (await session.scalars(select(Confirmation))).all()
        assert row.status == "processing"
