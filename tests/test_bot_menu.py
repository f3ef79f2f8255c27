"""/start, navigation, account, language, allowlist, /cancel and the fallback: what a user sees."""

from __future__ import annotations

from aiogram.methods import AnswerCallbackQuery, EditMessageText, SendMessage
from sqlalchemy import select

from bot.app import default_features
from bot.db.models import User
from bot.ui.callbacks import LangCallback, MenuCallback
from tests.fakes.i18n_fixture import tr
from tests.fakes.telegram_fixture import BotHarness, HarnessFactory, alerts, call_json, text_of

SECTIONS = ["numbers", "proxies", "domains", "sites", "notifications", "keys", "settings"]
EN, RU = tr("en"), tr("ru")


def _labels(h: BotHarness) -> list[str]:
    return [text for text, _ in h.last_buttons()]


async def test_start_in_english_explains_and_shows_the_menu(harness: BotHarness) -> None:
    calls = await harness.send("/start", language_code="en")
    sent = [c for c in calls if isinstance(c, SendMessage)]
    assert len(sent) == 1
    text = harness.last_text() or ""
    assert "piv.day assistant" in text
    assert "No API key connected yet" in text
    texts = _labels(harness)
    assert texts[0] == "🔑 Connect API key"
    for section in SECTIONS:
        assert EN.get(f"menu-button-{section}") in texts
    assert "📱 Numbers" in texts and "⚙️ Settings" in texts


async def test_start_follows_telegram_language(harness: BotHarness) -> None:
    await harness.send("/start", language_code="ru-RU")
    assert "помощник piv.day" in (harness.last_text() or "")
    assert "📱 Номера" in _labels(harness)


async def test_unknown_language_falls_back_to_default(harness: BotHarness) -> None:
    await harness.send("/start", language_code="de")
    assert "piv.day assistant" in (harness.last_text() or "")


async def test_start_with_key_shows_balance_on_top(harness: BotHarness) -> None:
    key = harness.sandbox.create_key(balance="123.45", email="lead@example.com")
    await harness.connect_key(1, key)
    await harness.send("/start")
    first_line = (harness.last_text() or "").splitlines()[0]
    assert "$123.45" in first_line and key[-4:] in first_line
    assert "Connect API key" not in " ".join(_labels(harness))


async def test_navigation_edits_one_message_with_back(harness: BotHarness) -> None:
    await harness.send("/start")
    menu_id = harness.last_message_id(1)
    calls = await harness.tap(EN.get("menu-button-settings"))
    edits = [c for c in calls if isinstance(c, EditMessageText)]
    assert [e.message_id for e in edits] == [menu_id]
    assert not [c for c in calls if isinstance(c, SendMessage)]
    assert "Settings" in (text_of(edits[0]) or "")
    assert [c for c in calls if isinstance(c, AnswerCallbackQuery)]
    calls = await harness.tap("« Back")
    assert [c.message_id for c in calls if isinstance(c, EditMessageText)] == [menu_id]
    assert "Main menu" in (harness.last_text() or "")


async def test_a_section_whose_feature_is_not_listed_answers_one_line(
    make_harness: HarnessFactory,
) -> None:
    """Every section is served today; a deployment (or a branch) without one of the features
    still gets one clear line for its button, in the reader's language."""
    features = [f for f in default_features() if f.name != "proxies"]
    h = await make_harness(features=features)
    await h.send("/start", language_code="ru")
    await h.tap(RU.get("menu-button-proxies"), language_code="ru")
    assert "следующей версии" in (h.last_text() or "")
    await h.tap("« Назад", language_code="ru")
    await h.tap(RU.get("menu-button-domains"), language_code="ru")
    assert "следующей версии" not in (h.last_text() or "")


async def test_account_needs_a_key_then_shows_balance(harness: BotHarness) -> None:
    await harness.send("/account")
    assert "Connect a piv.day API key first" in (harness.last_text() or "")
    assert "🔑 Connect API key" in _labels(harness)
    key = harness.sandbox.create_key(balance="42.10", email="a***@example.com")
    await harness.connect_key(1, key)
    await harness.send("/account")
    text = harness.last_text() or ""
    assert "$42.10" in text and "a***@example.com" in text
    assert "personal account" in text
    assert key not in text


async def test_language_switch_is_stored_and_wins_over_telegram(harness: BotHarness) -> None:
    await harness.send("/language", language_code="en")
    calls = await harness.tap("Русский", language_code="en")
    assert any(isinstance(c, AnswerCallbackQuery) and c.text == "Язык сохранён." for c in calls)
    assert "Язык: Русский" in (harness.last_text() or "")
    async with harness.sessionmaker() as session:
        user = (await session.scalars(select(User).where(User.id == 1))).one()
        assert user.locale == "ru"
    await harness.send("/start", language_code="en")  # Telegram still says English
    assert "помощник piv.day" in (harness.last_text() or "")


async def test_forged_language_is_refused(harness: BotHarness) -> None:
    await harness.send("/start")
    calls = await harness.press(LangCallback(locale="xx").pack())  # forged on purpose
    assert any(isinstance(c, AnswerCallbackQuery) and c.show_alert for c in calls)
    async with harness.sessionmaker() as session:
        assert (await session.get(User, 1)).locale is None  # type: ignore[union-attr]


async def test_allowlist_refuses_strangers_once(make_harness: HarnessFactory) -> None:
    h = await make_harness(allowed_users=[7], admin_ids=[9])
    # In a group a stranger is ignored without a word, which does not count as being told.
    assert await h.send("hi all", user_id=8, chat_id=-100, chat_type="supergroup") == []
    calls = await h.send("/start", user_id=8)
    assert [text_of(c) for c in calls] == [
        "Sorry, this bot is private: its operator has limited it to specific people."
    ]
    assert await h.send("/start", user_id=8) == []  # once is enough
    # On purpose raw: a stranger has no menu to tap, only forged (or long-stale) data.
    calls = await h.press(MenuCallback(section="home").pack(), user_id=8)
    assert [type(c) for c in calls] == [AnswerCallbackQuery]  # spinner stopped, nothing shown
    async with h.sessionmaker() as session:
        assert await session.get(User, 8) is None  # strangers leave no trace
    for allowed in (7, 9):  # listed users and admins
        await h.send("/start", user_id=allowed)
        assert "piv.day assistant" in (h.last_text(allowed) or "")


async def test_cancel_from_a_wizard_step_clears_state(harness: BotHarness) -> None:
    await harness.send("/key")
    assert "Paste your piv.day API key" in (harness.last_text() or "")
    await harness.send("/cancel")
    assert harness.last_text() == "Cancelled. Nothing more will happen in that step."
    calls = await harness.send("somepasswordlikeword")
    # No longer waiting for a key: the text is not treated as one (not deleted, not checked).
    assert not [c for c in calls if type(c).__name__ == "DeleteMessage"]
    assert "didn't understand" in (harness.last_text() or "")
    await harness.send("/cancel")
    assert harness.last_text() == "Nothing to cancel."


async def test_unknown_text_and_buttons_get_a_hint(harness: BotHarness) -> None:
    await harness.send("hello there")
    assert "didn't understand" in (harness.last_text() or "")
    calls = await harness.press("zz:unknown")  # raw on purpose: a button no version knows
    answers = [c for c in calls if isinstance(c, AnswerCallbackQuery)]
    assert answers and answers[0].show_alert and "no longer active" in (answers[0].text or "")


async def test_group_chatter_is_left_alone(harness: BotHarness) -> None:
    calls = await harness.send("just chatting", user_id=3, chat_id=-100, chat_type="supergroup")
    assert calls == []


async def test_help_and_settings(harness: BotHarness) -> None:
    await harness.send("/help")
    assert "How to get a key" in (harness.last_text() or "")
    await harness.send("/settings", language_code="ru")
    assert "Язык: Русский" in (harness.last_text() or "")


async def test_start_in_a_group_shows_help_not_the_balance(harness: BotHarness) -> None:
    await harness.connect_key(3, harness.sandbox.create_key(balance="99.00"))
    await harness.send("/start", user_id=3, chat_id=-100, chat_type="group")
    text = harness.last_text(-100) or ""
    assert "How to get a key" in text and "$99.00" not in text
    calls = await harness.send("/account", user_id=3, chat_id=-100, chat_type="group")
    # A group never sees someone's balance: the command points to the private chat instead.
    assert [text_of(c) for c in calls] == [
        "This works in a private chat with me: open one and try again there."
    ]


async def test_a_group_never_sees_a_balance_through_the_help_back_button(
    harness: BotHarness,
) -> None:
    key = harness.sandbox.create_key(balance="99.00")
    await harness.connect_key(3, key)
    await harness.send("/start", user_id=3, chat_id=-100, chat_type="group")
    assert harness.last_buttons(-100) == []  # the group's help has no way into the menu…
    # …and a Home button from elsewhere (raw data on purpose) is refused there.
    home = MenuCallback(section="home").pack()
    calls = await harness.press(home, user_id=3, chat_id=-100)
    assert alerts(calls) == ["This works in a private chat with me: open one and try again there."]
    for call in harness.calls:
        if getattr(call, "chat_id", None) == -100:
            assert "$99.00" not in call_json(call) and key[-4:] not in call_json(call)


async def test_unsupported_default_locale_falls_back_to_english(
    make_harness: HarnessFactory,
) -> None:
    h = await make_harness(default_locale="de")
    await h.send("/start", language_code=None)
    assert "piv.day assistant" in (h.last_text() or "")


async def test_numbers_section_is_handled_by_its_router(harness: BotHarness) -> None:
    await harness.send("/start")
    calls = await harness.tap("📱 Numbers")
    answers = [c for c in calls if isinstance(c, AnswerCallbackQuery)]
    assert answers and not answers[0].show_alert  # not the fallback's "no longer active"
    assert [c for c in calls if isinstance(c, EditMessageText)]


async def test_sandbox_mode_says_the_money_is_not_real(make_harness: HarnessFactory) -> None:
    h = await make_harness(sandbox_mode=True)
    key = h.sandbox.create_key(balance="1000.00")
    await h.connect_key(1, key)
    assert (h.last_text() or "").startswith("🧪 <b>Sandbox mode</b>")
    for command in ("/start", "/account"):
        await h.send(command, language_code="ru")
        assert (h.last_text() or "").startswith("🧪 <b>Режим песочницы</b>")


async def test_real_mode_has_no_sandbox_banner(harness: BotHarness) -> None:
    await harness.connect_key(1, harness.sandbox.create_key())
    await harness.send("/account")
    assert "Sandbox" not in (harness.last_text() or "")
