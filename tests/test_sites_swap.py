"""Swapping a finished site's domain and contacts: a small form (fill, clear, refused answers
get the reason), Apply sends exactly what was set, piv.day's job and the next archive carry
it; nothing set, Cancel and Back change nothing."""

from __future__ import annotations

import io
import zipfile
from decimal import Decimal

import pytest
from aiogram.methods import SendDocument

from bot.ui.callbacks import Kind, OpenCallback
from tests.fakes.i18n_fixture import tr
from tests.fakes.sites_flow import start_white
from tests.fakes.telegram_fixture import BotHarness

T = tr("en")


@pytest.fixture
async def h(harness: BotHarness, sandbox_key: str) -> BotHarness:
    await harness.connect_key(1, sandbox_key)
    return harness


def text(h: BotHarness) -> str:
    return h.last_text() or ""


async def open_swap(h: BotHarness, key: str) -> str:
    job = await start_white(h.sandbox, key, name="Shop DE", domain="old-shop.com")
    await h.sandbox.advance(130)
    await h.press(OpenCallback(kind=Kind.SITE, id=job["id"]).pack())
    await h.tap(T.get("sites-swap"))
    return str(job["id"])


async def test_swap_sends_what_was_set_and_the_next_archive_has_it(
    h: BotHarness, sandbox_key: str
) -> None:
    white_id = await open_swap(h, sandbox_key)
    assert text(h).startswith(T.get("sites-swap-title", name="Shop DE"))
    await h.tap(f"✏️ {T.get('sites-field-domain')}")
    await h.send("new shop.com")
    assert T.get("sites-problem-domain") in text(h)
    assert T.get("sites-ask-domain", field=T.get("sites-field-domain")) in text(h)
    await h.send("New-Shop.com")
    await h.tap(f"✏️ {T.get('sites-field-email')}")
    await h.send("hello@new-shop.com")
    await h.tap(f"✏️ {T.get('sites-field-company')}")
    await h.send("New <Shop>")
    await h.tap(f"✏️ {T.get('sites-field-phone')}")
    await h.send("+49 30 999999")
    await h.tap(f"✏️ {T.get('sites-field-phone')}")
    await h.tap(T.get("sites-clear"))  # changed my mind about the phone
    form = text(h)
    assert T.get("wizard-field", field=T.get("sites-field-company"), value="New &lt;Shop&gt;") in (
        form
    )
    assert T.get("wizard-field", field=T.get("sites-field-phone"), value="—") in form

    await h.tap(T.get("sites-swap-apply"))
    fields = ", ".join(T.get(f"sites-field-{f}") for f in ("company", "domain", "email"))
    assert T.get("sites-swap-done", fields=fields) in text(h)
    white = h.sandbox.whites_by_id[white_id]
    assert white.domain == "new-shop.com"
    assert {k: white.options[k] for k in ("company", "domain", "email")} == {
        "company": "New <Shop>",
        "domain": "new-shop.com",
        "email": "hello@new-shop.com",
    }
    assert "phone" not in white.options
    assert h.sandbox.balance(sandbox_key) == Decimal("97.00")  # the generation only

    calls = await h.tap(T.get("sites-download"))
    [sent] = [c for c in calls if isinstance(c, SendDocument)]
    assert (sent.document.filename or "").startswith("new-shop.com_")  # type: ignore[union-attr]
    with zipfile.ZipFile(io.BytesIO(sent.document.data)) as archive:  # type: ignore[union-attr]
        contacts = archive.read("contacts.html").decode()
    assert "hello@new-shop.com" in contacts and "New &lt;Shop&gt;" in contacts


async def test_apply_with_nothing_set_changes_nothing(h: BotHarness, sandbox_key: str) -> None:
    white_id = await open_swap(h, sandbox_key)
    calls = await h.tap(T.get("sites-swap-apply"))
    assert [(a.text, a.show_alert) for a in h.answers(calls)] == [
        (T.get("sites-swap-nothing"), True)
    ]
    assert h.sandbox.whites_by_id[white_id].options == {}


async def test_cancel_and_back_change_nothing(h: BotHarness, sandbox_key: str) -> None:
    white_id = await open_swap(h, sandbox_key)
    await h.tap(f"✏️ {T.get('sites-field-legal')}")
    await h.send("Shop GmbH")
    await h.tap(T.get("wizard-cancel"))
    assert text(h).startswith(T.get("sites-swap-cancelled"))
    assert h.sandbox.whites_by_id[white_id].options == {}

    await h.press(OpenCallback(kind=Kind.SITE, id=white_id).pack())
    await h.tap(T.get("sites-swap"))
    await h.tap(f"✏️ {T.get('sites-field-address')}")
    await h.tap(T.get("wizard-back"))  # back to the form
    assert text(h).startswith(T.get("sites-swap-title", name="Shop DE"))
    await h.tap(T.get("wizard-back"))  # back to the card
    assert T.get("sites-download") in h.labels()
    assert h.sandbox.whites_by_id[white_id].options == {}
