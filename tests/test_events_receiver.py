"""POST /pivday/events/{token}: the sandbox's webhooks (as piv.day sends them) reach the chat;
retries never make a second message; refusals (404/413/400) leave nothing behind."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path
from typing import Any

import aiohttp
import pytest
from sqlalchemy import func, select

from bot.db.models import InboxEvent, WebhookToken
from bot.events.receiver import MAX_BODY_BYTES
from bot.services.notifications import TokenService
from bot.services.watches import NUMBER_CODE, WatchService
from tests.fakes.events_fixture import EventsFactory, EventsHarness
from tests.fakes.sandbox_fixture import RunningSandbox

FIXTURES = Path(__file__).parent / "fixtures" / "pivday"
USER = 7


async def _post(url: str, body: bytes | str, **headers: str) -> tuple[int, str]:
    data = body.encode() if isinstance(body, str) else body
    async with aiohttp.ClientSession() as http, http.post(url, data=data, headers=headers) as r:
        return r.status, await r.text()


async def _inbox_count(ev: EventsHarness) -> int:
    async with ev.h.sessionmaker() as session:
        return int((await session.execute(select(func.count(InboxEvent.id)))).scalar() or 0)


def _payload(name: str) -> dict[str, Any]:
    return json.loads((FIXTURES / f"event-{name}.payload.json").read_text())


async def test_an_sms_from_the_sandbox_lands_in_the_owners_chat(
    events: EventsHarness, sandbox: RunningSandbox, sandbox_key: str
) -> None:
    await events.connect(USER, sandbox_key)
    number = sandbox.add_number(sandbox_key, "SE", custom_name="Office <line>")
    delivery = await sandbox.deliver_sms(number.piv_num_id, "Google", "G-482913 is your code")
    assert delivery.status == "delivered"
    assert [a.status for a in delivery.attempts] == [200]  # answered 2xx at the first try
    await events.settle()
    (message,) = events.sent_to(USER)
    assert number.phone_number in message.text
    assert "Office &lt;line&gt;" in message.text  # the name, looked up and escaped
    assert "<code>482913</code>" in message.text
    copy, open_number = message.reply_markup.inline_keyboard[0]
    assert copy.copy_text is not None and copy.copy_text.text == "482913"
    assert open_number.callback_data == f"o:n:{number.piv_num_id}"


async def test_piv_days_retries_of_one_event_make_one_message(
    make_any_events: EventsFactory, sandbox_key: str
) -> None:
    events = await make_any_events()
    await events.connect(USER, sandbox_key)
    url = await events.url(USER)
    body = json.dumps(_payload("domain-failed"))
    answers = await asyncio.gather(*(_post(url, body) for _ in range(4)))
    assert [status for status, _ in answers] == [200] * 4
    # A retry after routing is a no-op too (the dedupe key outlives the inbox row's routing).
    await events.settle()
    assert (await _post(url, json.dumps(json.loads(body), indent=2)))[0] == 200
    await events.settle()
    assert await _inbox_count(events) == 1
    texts = events.texts_to(USER)
    assert len([t for t in texts if "mysite.com" in t]) == 1


async def test_a_sandbox_retry_after_a_failed_answer_is_one_message(
    events: EventsHarness, sandbox: RunningSandbox, sandbox_key: str
) -> None:
    """piv.day retries when the answer is lost; the body is identical, so dedupe holds."""
    await events.connect(USER, sandbox_key)
    number = sandbox.add_number(sandbox_key, "GB")
    payload = {
        "event_type": "sms.received",
        "timestamp": "2026-05-01T10:00:00Z",
        "data": {"piv_num_id": number.piv_num_id, "text": "Code 5521", "code": "5521"},
    }
    url = await events.url(USER)
    for _ in range(3):  # first delivery, then two retries of the very same body
        assert (await _post(url, json.dumps(payload)))[0] == 200
    await events.settle()
    assert len(events.sent_to(USER)) == 1


@pytest.mark.parametrize(
    ("body", "status"),
    [
        (b"not json", 400),
        (b"\xff\xfe", 400),
        (b"[1, 2]", 400),
        (b'{"data": {}}', 400),
        (b'{"event_type": "", "data": {}}', 400),
        (b'{"event_type": 5, "data": {}}', 400),
        (b'{"event_type": "sms.received"}', 400),
        (b"{" + b'"x":' * 10 + b"1", 400),
        (b'{"event_type": "x", "data": "' + b"a" * MAX_BODY_BYTES + b'"}', 413),
    ],
)
async def test_what_is_not_an_event_is_refused_and_leaves_nothing(
    events: EventsHarness, sandbox_key: str, body: bytes, status: int
) -> None:
    await events.connect(USER, sandbox_key)
    assert (await _post(await events.url(USER), body))[0] == status
    assert await _inbox_count(events) == 0
    async with aiohttp.ClientSession() as http, http.get(events.root + "/healthz") as r:
        assert r.status == 200  # and the server is fine


async def test_an_unknown_token_is_a_404_like_any_unknown_path(
    events: EventsHarness, sandbox_key: str
) -> None:
    await events.connect(USER, sandbox_key)
    body = json.dumps(_payload("white-failed"))
    unknown = await _post(events.root + "/pivday/events/" + "A" * 43, body)
    nowhere = await _post(events.root + "/nowhere", body)
    assert unknown == nowhere == (404, "404: Not Found")
    assert (await _post(events.root + "/pivday/events/x%27%20OR%201=1", body))[0] == 404
    assert await _inbox_count(events) == 0


async def test_a_regenerated_url_replaces_the_old_one(
    events: EventsHarness, sandbox_key: str
) -> None:
    await events.connect(USER, sandbox_key)
    old = await events.url(USER)
    async with events.h.sessionmaker() as session:
        token = await TokenService(session, events.h.key_ring).token(
            await _active_key(events, session)
        )
        assert old.endswith(token)  # shown again later: the same URL
        await TokenService(session, events.h.key_ring).regenerate(
            await _active_key(events, session)
        )
    new = await events.url(USER)
    assert new != old
    body = json.dumps(_payload("white-failed"))
    assert (await _post(old, body))[0] == 404
    assert (await _post(new, body))[0] == 200


async def _active_key(ev: EventsHarness, session: Any) -> Any:
    from bot.db.repositories import KeyRepo

    key = await KeyRepo(session, ev.h.key_ring).active(USER)
    assert key is not None
    return key


async def test_the_token_is_never_stored(events: EventsHarness, sandbox_key: str) -> None:
    await events.connect(USER, sandbox_key)
    token = await events.token(USER)
    async with events.h.sessionmaker() as session:
        (row,) = (await session.scalars(select(WebhookToken))).all()
    assert token not in (row.salt, row.token_hash, row.kid)
    assert len(token) >= 22  # ≥ 128 bits in url-safe base64
    db_file = Path(str(events.h.settings.database_url).split("///", 1)[1])
    for path in db_file.parent.glob(db_file.name + "*"):  # the database, its WAL
        assert token.encode() not in path.read_bytes()


async def test_a_burst_is_acknowledged_and_arrives_in_order(
    make_any_events: EventsFactory, sandbox_key: str
) -> None:
    events = await make_any_events()
    await events.connect(USER, sandbox_key)
    url = await events.url(USER)
    bodies = [json.dumps({"event_type": "burst", "data": {"n": n}}) for n in range(40)]
    answers = await asyncio.gather(*(_post(url, body) for body in bodies[:20]))  # at once
    for body in bodies[20:]:  # then one after another
        answers.append(await _post(url, body))
    assert {status for status, _ in answers} == {200}
    assert await _inbox_count(events) == 40
    await events.settle()
    shown = [int(t.split("n: <code>")[1].split("<")[0]) for t in events.texts_to(USER)]
    assert sorted(shown) == list(range(40))
    assert shown[20:] == list(range(20, 40))  # acknowledged one by one: kept in that order


async def test_an_unknown_event_type_is_stored_and_shown_readably(
    events: EventsHarness, sandbox_key: str
) -> None:
    await events.connect(USER, sandbox_key)
    body = {
        "event_type": "account.topped_up",
        "timestamp": "2026-05-22T12:34:56Z",
        "data": {"amount": 50, "note": "<b>thanks</b>", "tags": ["a", "b"]},
    }
    assert (await _post(await events.url(USER), json.dumps(body)))[0] == 200
    await events.settle()
    (text,) = events.texts_to(USER)
    assert "account.topped_up" in text
    assert "amount: <code>50</code>" in text
    assert "&lt;b&gt;thanks&lt;/b&gt;" in text
    assert "tags[1]: <code>b</code>" in text


async def test_an_event_arrives_even_when_the_key_is_revoked_at_piv_day(
    events: EventsHarness, sandbox: RunningSandbox, sandbox_key: str
) -> None:
    """The number's details can't be looked up any more; the code still comes, by id."""
    await events.connect(USER, sandbox_key)
    number = sandbox.add_number(sandbox_key, "SE")
    sandbox.revoke_key(sandbox_key)
    payload = {
        "event_type": "sms.received",
        "timestamp": "2026-05-01T10:00:00Z",
        "data": {"piv_num_id": number.piv_num_id, "text": "Your code is 771100"},
    }
    assert (await _post(await events.url(USER), json.dumps(payload)))[0] == 200
    await events.settle()
    (text,) = events.texts_to(USER)
    assert number.piv_num_id in text and number.phone_number not in text
    assert "<code>771100</code>" in text


async def test_a_body_that_does_not_match_its_type_is_shown_as_is(
    events: EventsHarness, sandbox_key: str
) -> None:
    await events.connect(USER, sandbox_key)
    body = {"event_type": "domain.failed", "data": {"why": "no domain_id here"}}
    assert (await _post(await events.url(USER), json.dumps(body)))[0] == 200
    await events.settle()
    (text,) = events.texts_to(USER)
    assert "domain.failed" in text and "no domain_id here" in text


async def test_an_sms_awaited_in_the_private_chat_is_posted_there_once(
    events: EventsHarness, sandbox: RunningSandbox, sandbox_key: str
) -> None:
    """The wait for a code posts the SMS itself; the event only pokes it (no second copy)."""
    await events.connect(USER, sandbox_key)
    number = sandbox.add_number(sandbox_key, "SE")
    async with events.h.sessionmaker() as session:
        watch = await WatchService(session).start(
            kind=NUMBER_CODE,
            target=number.piv_num_id,
            owner_id=USER,
            api_key_id=None,
            chat_id=USER,
            locale="en",
            every=5,
            lasts=600,
        )
    assert watch is not None
    await sandbox.deliver_sms(number.piv_num_id, "Google", "G-482913 is your code")
    await events.settle()
    assert events.sent_to(USER) == []
    async with events.h.sessionmaker() as session:
        row = await WatchService(session).active(NUMBER_CODE, number.piv_num_id)
        assert row is not None and row.next_run_at <= row.updated_at  # poked: due at once
    # Once nobody waits, the next SMS is a message again.
    async with events.h.sessionmaker() as session:
        await WatchService(session).cancel(NUMBER_CODE, number.piv_num_id, USER)
    await sandbox.deliver_sms(number.piv_num_id, "Google", "G-111222 is your code")
    await events.settle()
    (message,) = events.sent_to(USER)
    assert "<code>111222</code>" in message.text
