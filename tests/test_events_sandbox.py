"""Play money: in sandbox mode the sandbox's webhooks reach the bot over loopback without a
public URL, so "simulate an incoming SMS" makes a fresh code arrive through the receiver."""

from __future__ import annotations

from bot.events.sandbox import SandboxLinker
from bot.services.codes import extract_code
from bot.services.sandbox import simulate_sms
from bot.ui.callbacks import MenuCallback
from tests.fakes.events_fixture import EventsFactory
from tests.fakes.sandbox_fixture import RunningSandbox

USER = 41


async def test_each_simulated_sms_brings_a_fresh_code_through_the_receiver(
    make_events: EventsFactory, sandbox: RunningSandbox, sandbox_key: str
) -> None:
    """The number card's 🧪 button (bot.services.sandbox.simulate_sms), once the key is linked."""
    events = await make_events(sandbox_mode=True, public_url=None)
    await events.h.connect_key(USER, sandbox_key)  # no URL pasted anywhere
    linker = SandboxLinker(events.h.settings, events.h.sessionmaker, events.h.key_ring)
    await linker.run_once()
    number = sandbox.add_number(sandbox_key, "SE")
    api_url = events.h.settings.pivday_api_url
    first = extract_code(await simulate_sms(api_url, number.piv_num_id))
    second = extract_code(await simulate_sms(api_url, number.piv_num_id))
    assert first and second and first != second
    assert sandbox.key(sandbox_key).webhook_url == await events.url(USER)
    assert sandbox.key(sandbox_key).webhook_url.startswith(
        f"http://127.0.0.1:{events.h.settings.http_port}/pivday/events/"
    )
    await events.settle()
    texts = events.texts_to(USER)
    assert len(texts) == 2
    assert f"Code: <code>{first}</code>" in texts[0]
    assert f"Code: <code>{second}</code>" in texts[1]
    assert all("🧪 sandbox" in t for t in texts)


async def test_the_linker_points_every_stored_key_at_the_bot_once(
    make_events: EventsFactory, sandbox: RunningSandbox, sandbox_key: str
) -> None:
    events = await make_events(sandbox_mode=True, public_url=None)
    await events.h.connect_key(USER, sandbox_key)
    linker = SandboxLinker(events.h.settings, events.h.sessionmaker, events.h.key_ring)
    assert await linker.run_once() == 1
    assert await linker.run_once() == 0  # once per process
    assert sandbox.key(sandbox_key).webhook_url == await events.url(USER)
    # A domain that fails in the sandbox's queue tells the bot by itself.
    async with sandbox.client(sandbox_key) as http:
        body = {"domain": "willfail-x.com", "period": 1, "cloudflare": True, "auto_renew": False}
        r = await http.post("/domains", json=body)
        assert r.is_success, r.text
    await sandbox.advance(3600)
    await events.settle()
    (text,) = events.texts_to(USER)
    assert "Domain not registered" in text and "willfail-x.com" in text


async def test_the_screen_in_sandbox_mode_needs_no_url(
    make_events: EventsFactory, sandbox_key: str
) -> None:
    events = await make_events(sandbox_mode=True, public_url=None)
    await events.h.connect_key(USER, sandbox_key)
    await events.h.press(MenuCallback(section="notifications").pack(), user_id=USER)
    text = events.h.last_text(USER) or ""
    assert "come to this bot by themselves" in text
    assert "📨 Send a test event" in [b for b, _ in events.h.last_buttons(USER)]
