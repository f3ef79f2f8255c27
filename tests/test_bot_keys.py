"""Connecting and managing API keys through the dispatcher, against the sandbox over HTTP."""

from __future__ import annotations

import asyncio
import logging
import socket
from pathlib import Path

import pytest
from aiogram.methods import AnswerCallbackQuery, DeleteMessage, SendMessage
from pydantic import SecretStr
from sqlalchemy import func, select

from bot.db.models import ApiKey, User
from bot.services.keys import KeyRejected, KeyRejection, looks_like_key, normalize_key
from bot.ui.callbacks import KeyCallback, KeyOp
from tests.fakes.i18n_fixture import tr
from tests.fakes.telegram_fixture import BotHarness, HarnessFactory, alerts, call_json, text_of

T = tr("en")


async def _keys(h: BotHarness, owner_id: int = 1) -> list[ApiKey]:
    async with h.sessionmaker() as session:
        rows = await session.scalars(select(ApiKey).where(ApiKey.owner_id == owner_id))
        return list(rows)


async def _active_id(h: BotHarness, user_id: int = 1) -> int | None:
    async with h.sessionmaker() as session:
        user = await session.get(User, user_id)
        return user.active_key_id if user else None


def _db_bytes(h: BotHarness) -> bytes:
    path = Path(h.settings.database_url.split("///", 1)[1])
    return b"".join(p.read_bytes() for p in path.parent.glob(path.name + "*"))


def _bot_log_lines(caplog: pytest.LogCaptureFixture) -> str:
    ours = ("bot", "handlers", "aiogram", "httpx")
    records = [
        r
        for r in caplog.records
        if r.name.split(".")[0] in ours and not r.name.startswith("bot.sandbox")
    ]
    return "\n".join(
        logging.Formatter("%(name)s %(message)s").format(r) + (r.exc_text or "") for r in records
    )


async def test_connect_a_good_key(harness: BotHarness, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    key = harness.sandbox.create_key(balance="100.00", email="m***@example.com")
    await harness.send("/start")
    await harness.tap(T.get("keys-button-connect"))
    assert "Paste your piv.day API key" in (harness.last_text() or "")
    calls = await harness.send(key)
    # The pasted message is deleted first, before the key is checked or anything is said.
    assert isinstance(calls[0], DeleteMessage) and calls[0].chat_id == 1
    text = harness.last_text() or ""
    assert "Key connected" in text and "…" + key[-4:] in text
    assert "$100.00" in text and "m***@example.com" in text
    assert harness.sandbox.calls(key, "GET", "/account") == 1
    rows = await _keys(harness)
    assert [(r.label, r.mask, r.email) for r in rows] == [
        ("personal", "…" + key[-4:], "m***@example.com")
    ]
    assert await _active_id(harness) == rows[0].id
    # The key itself is nowhere: not in the DB file, any Bot API call, or the log.
    assert key.encode() not in _db_bytes(harness)
    assert key[:-4].encode() not in _db_bytes(harness)
    for call in harness.calls:
        assert key not in call_json(call)
    assert key not in _bot_log_lines(caplog)
    # …and the stored key works: the menu shows the live balance.
    await harness.send("/start")
    assert "$100.00" in (harness.last_text() or "").splitlines()[0]


async def test_key_pasted_without_key_command_is_deleted_and_connected(
    harness: BotHarness,
) -> None:
    key = harness.sandbox.create_key()
    calls = await harness.send(f"here it is {key}")  # not one word: refused, but still deleted
    assert isinstance(calls[0], DeleteMessage)
    assert "doesn't look like an API key" in (harness.last_text() or "")
    calls = await harness.send(key)
    assert isinstance(calls[0], DeleteMessage)
    assert "Key connected" in (harness.last_text() or "")


async def test_key_command_with_argument(harness: BotHarness) -> None:
    key = harness.sandbox.create_key(balance="5")
    calls = await harness.send(f"/key {key}", language_code="ru")
    assert isinstance(calls[0], DeleteMessage)
    assert "Ключ подключён" in (harness.last_text() or "")
    for call in calls:
        assert key not in call_json(call)


@pytest.mark.parametrize(
    ("make_key", "expected"),
    [
        (lambda sb: "pk_sbx_" + "x" * 32, "UNAUTHORIZED"),
        (lambda sb: sb.create_key(scopes=["numbers:read"]), "INSUFFICIENT_PERMISSIONS"),
        (lambda sb: "two words", "doesn't look like an API key"),
    ],
)
async def test_bad_key_gets_a_reason_and_nothing_is_stored(
    harness: BotHarness, make_key, expected: str
) -> None:
    key = make_key(harness.sandbox)
    calls = await harness.connect_key(1, key)
    assert any(isinstance(c, DeleteMessage) for c in calls)
    assert expected in (harness.last_text() or "")
    assert "Nothing was stored" in (harness.last_text() or "")
    assert await _keys(harness) == []
    # Still waiting: a good key pasted next is taken.
    good = harness.sandbox.create_key()
    await harness.send(good)
    assert "Key connected" in (harness.last_text() or "")


def _dead_url() -> str:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    return f"http://127.0.0.1:{port}/api/v1"


async def test_unreachable_piv_day(make_harness: HarnessFactory) -> None:
    h = await make_harness(pivday_api_url=_dead_url())
    await h.connect_key(1, "pk_sbx_" + "y" * 32)
    assert "could not be reached" in (h.last_text() or "")
    assert await _keys(h) == []


async def test_key_in_a_group_is_deleted_with_a_warning(harness: BotHarness) -> None:
    key = harness.sandbox.create_key()
    calls = await harness.send(key, user_id=5, chat_id=-100, chat_type="supergroup")
    assert [type(c) for c in calls] == [DeleteMessage, SendMessage]
    assert "Never post keys in a group" in (text_of(calls[1]) or "")
    calls = await harness.send(f"/key {key}", user_id=5, chat_id=-100, chat_type="supergroup")
    assert [type(c) for c in calls] == [DeleteMessage, SendMessage]
    calls = await harness.send("/key", user_id=5, chat_id=-100, chat_type="supergroup")
    assert "private chat" in (text_of(calls[-1]) or "")
    # Raw on purpose: a group is never shown a Connect button; stale or forged data is refused.
    calls = await harness.press(KeyCallback(op=KeyOp.CONNECT).pack(), user_id=5, chat_id=-100)
    assert [type(c) for c in calls] == [AnswerCallbackQuery]
    assert alerts(calls) == [T.get("keys-group-private-only")]
    assert await _keys(harness, 5) == []
    assert harness.sandbox.calls(key, "GET", "/account") == 0


async def test_several_keys_switch_rename_remove(harness: BotHarness) -> None:
    personal = harness.sandbox.create_key(balance="10.00")
    team = harness.sandbox.create_key(balance="500.00", team_id="team-1")
    await harness.connect_key(1, personal)
    await harness.connect_key(1, team)
    first, second = await _keys(harness)
    assert (first.label, second.label) == ("personal", "team")
    assert await _active_id(harness) == second.id  # the newest connected key is in use

    await harness.send("/keys")
    listing = harness.last_text() or ""
    assert "✅ team · …" + team[-4:] in listing and "personal · …" + personal[-4:] in listing
    for _, data in harness.last_buttons():
        assert data is not None and len(data.encode()) <= 64
        assert personal not in data and team not in data

    # Switch to the personal key: the menu balance follows.
    await harness.tap(T.get("keys-row", key=f"personal · …{personal[-4:]}"))
    await harness.tap(T.get("keys-button-use"))
    assert "Active key: personal" in (harness.last_text() or "")
    assert await _active_id(harness) == first.id
    await harness.tap(T.get("menu-back"))
    assert "$10.00" in (harness.last_text() or "")

    # Rename with a label that needs escaping.
    await harness.tap(T.get("menu-button-keys"))
    await harness.tap(T.get("keys-row-active", key=f"personal · …{personal[-4:]}"))
    await harness.tap(T.get("keys-button-rename"))
    await harness.send("  ")
    assert "1 to 64 characters" in (harness.last_text() or "")
    await harness.send("Me & <b>me</b>")
    assert "Renamed: Me &amp; &lt;b&gt;me&lt;/b&gt;" in (harness.last_text() or "")
    assert (await _keys(harness))[0].label == "Me & <b>me</b>"

    # Remove asks first; "No" keeps the key.
    await harness.tap(T.get("keys-row", key=f"team · …{team[-4:]}"))
    await harness.tap(T.get("keys-button-remove"))
    assert "Remove the key team" in (harness.last_text() or "")
    await harness.tap(T.get("common-no"))
    assert len(await _keys(harness)) == 2
    await harness.tap(T.get("keys-button-remove"))
    await harness.tap(T.get("keys-button-remove-yes"))
    assert "Key removed: team" in (harness.last_text() or "")
    async with harness.sessionmaker() as session:
        assert await session.scalar(select(func.count()).select_from(ApiKey)) == 1
    assert await _active_id(harness) == first.id


async def test_someone_elses_key_id_is_refused(harness: BotHarness) -> None:
    await harness.connect_key(1, harness.sandbox.create_key())
    (row,) = await _keys(harness)
    # Forged on purpose: user 2 never sees a button with user 1's key id.
    for op in (KeyOp.SHOW, KeyOp.USE, KeyOp.RENAME, KeyOp.REMOVE_YES):
        calls = await harness.press(KeyCallback(op=op, key_id=row.id).pack(), user_id=2)
        answers = [c for c in calls if isinstance(c, AnswerCallbackQuery)]
        assert answers[0].show_alert and "no longer connected" in (answers[0].text or "")
    assert len(await _keys(harness)) == 1
    assert await _active_id(harness, 2) is None


async def test_duplicate_key_is_not_stored_twice(harness: BotHarness) -> None:
    key = harness.sandbox.create_key()
    await harness.connect_key(1, key)
    await harness.connect_key(1, key)
    assert "already connected" in (harness.last_text() or "")
    assert len(await _keys(harness)) == 1


async def test_twenty_concurrent_presses(harness: BotHarness) -> None:
    await harness.connect_key(1, harness.sandbox.create_key(balance="7.00"))
    await harness.send("/start")
    account = harness.button(T.get("menu-button-account"))
    results = await asyncio.gather(*(harness.tap(account) for _ in range(20)))
    for calls in results:
        assert sum(isinstance(c, AnswerCallbackQuery) for c in calls) == 1
    assert "$7.00" in (harness.last_text() or "")


async def test_key_edited_into_a_group_message_is_deleted(harness: BotHarness) -> None:
    key = harness.sandbox.create_key()
    await harness.send("harmless", user_id=5, chat_id=-100, chat_type="supergroup")
    edited = {
        "message_id": 77,
        "date": 1_700_000_000,
        "edit_date": 1_700_000_100,
        "chat": {"id": -100, "type": "supergroup", "title": "G"},
        "from": {"id": 5, "is_bot": False, "first_name": "E"},
        "text": f"oops {key}",
    }
    calls = await harness.feed({"edited_message": edited})
    assert [type(c) for c in calls] == [DeleteMessage, SendMessage]
    assert calls[0].message_id == 77
    assert await _keys(harness, 5) == []


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("  pk_sbx_abcdefgh12345678  ", "pk_sbx_abcdefgh12345678"),
        ("Bearer pk_live_abcdefgh12345678", "pk_live_abcdefgh12345678"),
        ("`pk_live_abcdefgh12345678`", "pk_live_abcdefgh12345678"),
    ],
)
def test_normalize_key(raw: str, expected: str) -> None:
    assert normalize_key(raw).get_secret_value() == expected


@pytest.mark.parametrize("raw", ["", "short", "two words here", "ключ-ключ-ключ", "x" * 600])
def test_normalize_key_refuses_non_keys(raw: str) -> None:
    with pytest.raises(KeyRejected) as caught:
        normalize_key(raw)
    assert caught.value.reason is KeyRejection.MALFORMED
    assert raw.strip() not in str(caught.value) or not raw.strip()


def test_looks_like_key() -> None:
    assert looks_like_key("my key is pk_live_abcdefghijklmnop, keep it")
    assert not looks_like_key("pk_ is the prefix of keys")
    assert not looks_like_key(None)


async def test_sandbox_demo_key_is_one_tap(make_harness: HarnessFactory) -> None:
    h = await make_harness(sandbox_mode=True)
    demo = h.sandbox.create_key(balance="1000.00")
    h.settings.sandbox_demo_key = SecretStr(demo)
    await h.send("/start")
    await h.tap(T.get("keys-button-demo"))
    text = h.last_text() or ""
    assert text.startswith("🧪 <b>Sandbox mode</b>") and "Key connected" in text
    assert "$1,000.00" in text and "…" + demo[-4:] in text
    rows = await _keys(h)
    assert [r.mask for r in rows] == ["…" + demo[-4:]] and await _active_id(h) == rows[0].id
    assert demo.encode() not in _db_bytes(h)
    for call in h.calls:
        assert demo not in call_json(call)
    await h.send("/start")  # connected: the demo button is gone
    assert T.get("keys-button-demo") not in [text for text, _ in h.last_buttons()]


async def test_demo_key_button_does_nothing_outside_the_sandbox(harness: BotHarness) -> None:
    await harness.send("/start")
    assert T.get("keys-button-demo") not in [text for text, _ in harness.last_buttons()]
    calls = await harness.press(KeyCallback(op=KeyOp.DEMO).pack())  # forged on purpose: no button
    [answer] = [c for c in calls if isinstance(c, AnswerCallbackQuery)]
    assert answer.show_alert and "no demo key" in (answer.text or "")
    assert await _keys(harness) == []
