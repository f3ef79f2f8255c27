"""The harness's taps: a button is found by what it says on the message the chat shows last,
and a test that names a button that is not there (or is there twice) says what is."""

from __future__ import annotations

import re

import pytest
from aiogram.methods import EditMessageText

from tests.fakes.telegram_fixture import BotHarness


async def test_a_tap_comes_from_the_message_on_screen(harness: BotHarness) -> None:
    await harness.send("/start")
    numbers = harness.button("📱 Numbers")
    assert numbers.message_id == harness.last_message_id(1)
    calls = await harness.tap(numbers)
    [edit] = [c for c in calls if isinstance(c, EditMessageText)]
    assert (edit.chat_id, edit.message_id) == (1, numbers.message_id)
    # The edit replaced the keyboard: the main menu's buttons are gone from that message.
    with pytest.raises(AssertionError, match="no button '📱 Numbers'"):
        harness.button("📱 Numbers")
    await harness.send("/help")  # a newer message: taps land there now
    assert "How to get a key" in (harness.last_text() or "")
    assert harness.button("« Back").message_id == harness.last_message_id(1) != numbers.message_id


async def test_missing_or_ambiguous_buttons_are_named(harness: BotHarness) -> None:
    await harness.send("/start")
    with pytest.raises(AssertionError) as missing:
        await harness.tap("Numbers")  # exact text only: the label has an emoji
    assert "no button 'Numbers' on the last message in chat 1" in str(missing.value)
    assert "'📱 Numbers'" in str(missing.value) and "'⚙️ Settings'" in str(missing.value)
    with pytest.raises(AssertionError, match=r"^\d+ buttons /o/ on the last message"):
        harness.button(re.compile("o"))
    with pytest.raises(AssertionError, match=r"no button '📱 Numbers' .* in chat 2; it shows \[\]"):
        harness.button("📱 Numbers", 2)  # user 2 has no message from the bot
