"""🔔 Notifications in private chat: the key's event URL and how to set it up, a new URL, the
self-check through the public URL, and what this chat receives per event type."""

from __future__ import annotations

import json

import aiohttp

from bot.ui.callbacks import MenuCallback
from bot.ui.notifications import NotifyCallback, NotifyOp
from tests.fakes.events_fixture import EventsFactory, EventsHarness
from tests.fakes.process import free_port
from tests.fakes.sandbox_fixture import RunningSandbox

USER = 21
SCREEN = MenuCallback(section="notifications").pack()


async def test_the_screen_shows_this_keys_url_and_the_steps(
    events: EventsHarness, sandbox_key: str
) -> None:
    await events.connect(USER, sandbox_key)
    await events.h.send("/notifications", user_id=USER)
    text = events.h.last_text(USER) or ""
    url = await events.url(USER)
    assert f"<code>{url}</code>" in text
    assert url.startswith(events.root + "/pivday/events/")
    assert "Settings → API Keys" in text and sandbox_key[-4:] in text
    assert sandbox_key not in text
    assert [b for b, _ in events.h.last_buttons(USER)] == [
        "📨 Send a test event",
        "🔄 New URL",
        "⚙️ Choose what comes here",
        "« Back",
    ]
    await events.h.press(SCREEN, user_id=USER, language_code="ru")
    assert "Адрес этого ключа" in (events.h.last_text(USER) or "")


async def test_without_public_url_the_screen_says_what_to_set_and_what_works(
    make_events: EventsFactory, sandbox_key: str
) -> None:
    events = await make_events(public_url=None)
    await events.connect(USER, sandbox_key)
    await events.h.press(SCREEN, user_id=USER)
    text = events.h.last_text(USER) or ""
    assert "PUBLIC_URL" in text and "What works without it" in text
    assert "/pivday/events/" not in text
    assert [b for b, _ in events.h.last_buttons(USER)] == ["⚙️ Choose what comes here", "« Back"]


async def test_without_a_key_the_screen_asks_for_one(events: EventsHarness) -> None:
    await events.h.send("/notifications", user_id=USER)
    assert "Connect a piv.day API key first" in (events.h.last_text(USER) or "")


async def test_a_new_url_is_asked_for_then_the_old_one_stops(
    events: EventsHarness, sandbox_key: str
) -> None:
    await events.connect(USER, sandbox_key)
    old = await events.url(USER)
    await events.h.press(SCREEN, user_id=USER)
    await events.h.press(NotifyCallback(op=NotifyOp.REGEN).pack(), user_id=USER)
    assert "stops working at once" in (events.h.last_text(USER) or "")
    await events.h.press(NotifyCallback(op=NotifyOp.REGEN_YES).pack(), user_id=USER)
    text = events.h.last_text(USER) or ""
    new = await events.url(USER)
    assert new != old and new in text and old not in text
    assert "New URL made" in text
    body = json.dumps({"event_type": "x", "data": {}})
    async with aiohttp.ClientSession() as http:
        async with http.post(old, data=body) as r:
            assert r.status == 404
        async with http.post(new, data=body) as r:
            assert r.status == 200


async def test_the_test_event_comes_back_through_the_public_url_and_arrives(
    events: EventsHarness, sandbox_key: str
) -> None:
    await events.connect(USER, sandbox_key)
    await events.h.press(SCREEN, user_id=USER)
    calls = await events.h.press(NotifyCallback(op=NotifyOp.TEST).pack(), user_id=USER)
    assert events.h.answers(calls)[0].text == "Sending a test event…"
    text = events.h.last_text(USER) or ""
    port = events.root.rsplit(":", 1)[1]
    assert f"came back through 127.0.0.1:{port} (HTTP 200" in text
    await events.settle()
    (arrived,) = events.sent_to(USER)
    assert "Test event received" in arrived.text


async def test_the_test_event_says_when_the_public_url_does_not_answer(
    make_events: EventsFactory, sandbox_key: str
) -> None:
    dead = f"http://127.0.0.1:{free_port()}"
    events = await make_events(public_url=dead)
    await events.connect(USER, sandbox_key)
    await events.h.press(NotifyCallback(op=NotifyOp.TEST).pack(), user_id=USER)
    text = events.h.last_text(USER) or ""
    assert "did not answer (ConnectError)" in text and "PUBLIC_URL" in text


async def test_what_comes_to_private_chat_is_chosen_per_type(
    events: EventsHarness, sandbox: RunningSandbox, sandbox_key: str
) -> None:
    await events.connect(USER, sandbox_key)
    await events.h.press(NotifyCallback(op=NotifyOp.PREFS).pack(), user_id=USER)
    buttons = dict(events.h.last_buttons(USER))
    assert buttons["⚠️ SMS status"] and buttons["✅ SMS codes"]
    await events.h.press(buttons["✅ SMS codes"], user_id=USER)
    assert "🚫 SMS codes" in dict(events.h.last_buttons(USER))
    number = sandbox.add_number(sandbox_key, "GB")
    await sandbox.deliver_sms(number.piv_num_id, "Svc", "Code 1111")
    # Outbound SMS: "sent" and "delivered" are not failures, so by default they stay quiet.
    async with sandbox.client(sandbox_key) as http:
        r = await http.post(
            f"/numbers/{number.piv_num_id}/sms/send",
            json={"to_number": "+447700900123", "message_body": "hi"},
        )
        assert r.status_code == 200, r.text
        r = await http.post(
            f"/numbers/{number.piv_num_id}/sms/send",
            json={"to_number": "+447700900000", "message_body": "x"},
        )
        assert r.status_code == 200, r.text
    await sandbox.advance(600)
    await events.settle()
    texts = events.texts_to(USER)
    assert not any("1111" in t for t in texts)
    (failure,) = texts
    assert "SMS not delivered" in failure and "Unknown destination handset" in failure
    await events.h.press(SCREEN, user_id=USER)
    summary = events.h.last_text(USER) or ""
    assert "SMS status updates: failures only" in summary and "Off: SMS codes" in summary


async def test_the_sms_status_choice_cycles_failures_all_off(
    events: EventsHarness, sandbox_key: str
) -> None:
    await events.connect(USER, sandbox_key)
    await events.h.press(NotifyCallback(op=NotifyOp.PREFS).pack(), user_id=USER)
    seen = []
    for _ in range(3):
        label = next(b for b, _ in events.h.last_buttons(USER) if "SMS status" in b)
        seen.append(label.split()[0])
        await events.h.press(dict(events.h.last_buttons(USER))[label], user_id=USER)
    assert seen == ["⚠️", "✅", "🚫"]
    assert "⚠️ SMS status" in dict(events.h.last_buttons(USER))


async def test_the_screen_lists_the_groups_the_key_is_bound_to(
    events: EventsHarness, sandbox_key: str
) -> None:
    await events.connect(USER, sandbox_key)
    events.make_admin(-500, USER)
    await events.group_command("/bind", -500, USER, title="Buyers <3")
    await events.h.press(SCREEN, user_id=USER)
    assert "Bound to a group: Buyers &lt;3." in (events.h.last_text(USER) or "")
