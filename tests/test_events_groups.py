"""Team groups: /bind routes a key's events to a group (or forum topic), /binding narrows them,
/unbind gives them back to the owner's private chat; supergroup migration, 403 and removal."""

from __future__ import annotations

from datetime import timedelta

from aiogram.exceptions import TelegramForbiddenError, TelegramMigrateToChat
from aiogram.methods import DeleteMessage, SendMessage
from sqlalchemy import select, update

from bot.db.models import ChatBinding, OutboxKind, OutboxMessage, utcnow
from bot.ui.callbacks import Kind, OpenCallback
from tests.fakes.events_fixture import EventsFactory, EventsHarness
from tests.fakes.sandbox_fixture import RunningSandbox
from tests.fakes.telegram_fixture import text_of

OWNER, MEMBER = 11, 12
GROUP, SUPERGROUP = -1001, -100200300


async def _bound(ev: EventsHarness, key: str, *, thread_id: int = 0) -> None:
    await ev.connect(OWNER, key)
    ev.make_admin(GROUP, OWNER)
    (reply,) = await ev.group_command("/bind", GROUP, OWNER, thread_id=thread_id)
    assert "now come to" in text_of(reply)


async def _sms(ev: EventsHarness, sandbox: RunningSandbox, key: str, text: str) -> str:
    number = sandbox.add_number(key, "SE")
    await sandbox.deliver_sms(number.piv_num_id, "Svc", text)
    await ev.settle()
    return number.piv_num_id


async def test_bind_sends_the_keys_events_to_the_group_instead_of_private(
    events: EventsHarness, sandbox: RunningSandbox, sandbox_key: str
) -> None:
    await _bound(events, sandbox_key)
    await _sms(events, sandbox, sandbox_key, "Your code is 424242")
    (message,) = events.sent_to(GROUP)
    assert "<code>424242</code>" in message.text
    buttons = [b for row in message.reply_markup.inline_keyboard for b in row]
    assert [b.copy_text.text for b in buttons if b.copy_text] == ["424242"]
    assert all(b.callback_data is None for b in buttons)  # nothing to buy or open in a group
    assert events.sent_to(OWNER) == []


async def test_bind_is_for_admins_with_a_key_speaking_as_themselves(
    events: EventsHarness, sandbox_key: str
) -> None:
    (reply,) = await events.group_command("/bind", GROUP, OWNER)
    assert "Connect a piv.day key" in text_of(reply)
    await events.connect(OWNER, sandbox_key)
    (reply,) = await events.group_command("/bind", GROUP, OWNER)  # a plain member
    assert "Only a group admin" in text_of(reply)
    calls = await events.h.feed(
        {
            "message": {
                "message_id": 5,
                "date": utcnow(),
                "chat": {"id": GROUP, "type": "supergroup", "title": "Team"},
                "from": {"id": 1087968824, "is_bot": True, "first_name": "Group"},
                "sender_chat": {"id": GROUP, "type": "supergroup", "title": "Team"},
                "text": "/bind",
                "entities": [{"type": "bot_command", "offset": 0, "length": 5}],
            }
        }
    )
    assert "not anonymously" in text_of(calls[-1])
    async with events.h.sessionmaker() as session:
        assert (await session.scalars(select(ChatBinding))).all() == []


async def test_in_private_the_group_commands_say_where_they_work(events: EventsHarness) -> None:
    for command in ("/bind", "/binding", "/unbind"):
        (reply,) = await events.h.send(command, user_id=OWNER)
        assert "work in a group" in text_of(reply)


async def test_a_forum_topic_binding_posts_into_that_topic(
    events: EventsHarness, sandbox: RunningSandbox, sandbox_key: str
) -> None:
    await _bound(events, sandbox_key, thread_id=77)
    await _sms(events, sandbox, sandbox_key, "Code 9090")
    (message,) = events.sent_to(GROUP)
    assert message.message_thread_id == 77


async def test_binding_narrows_by_type_and_only_the_owner_may(
    events: EventsHarness, sandbox: RunningSandbox, sandbox_key: str
) -> None:
    await _bound(events, sandbox_key)
    (screen,) = await events.group_command("/binding", GROUP, MEMBER)
    assert "Events that come here" in text_of(screen)
    sms_toggle = next(b for row in screen.reply_markup.inline_keyboard for b in row)
    assert sms_toggle.text == "✅ SMS codes"
    calls = await events.h.press(sms_toggle.callback_data, user_id=MEMBER, chat_id=GROUP)
    assert "Only the owner" in events.h.answers(calls)[0].text
    calls = await events.h.press(sms_toggle.callback_data, user_id=OWNER, chat_id=GROUP)
    assert "🚫 SMS codes" in [b.text for row in calls[-1].reply_markup.inline_keyboard for b in row]
    # SMS codes no longer go to the group: they go to the owner's private chat instead.
    num_id = await _sms(events, sandbox, sandbox_key, "Code 5151")
    assert events.sent_to(GROUP) == []
    (private,) = events.sent_to(OWNER)
    assert "5151" in private.text
    open_button = private.reply_markup.inline_keyboard[0][1]
    assert open_button.callback_data == OpenCallback(kind=Kind.NUMBER, id=num_id).pack()


async def test_unbind_gives_the_events_back_to_the_owner(
    events: EventsHarness, sandbox: RunningSandbox, sandbox_key: str
) -> None:
    await _bound(events, sandbox_key)
    (reply,) = await events.group_command("/unbind", GROUP, MEMBER)
    assert "Nothing of yours" in text_of(reply)  # a member can't unbind someone's key
    (reply,) = await events.group_command("/unbind", GROUP, OWNER)
    assert "Stopped" in text_of(reply)
    await _sms(events, sandbox, sandbox_key, "Code 6161")
    assert events.sent_to(GROUP) == []
    assert "6161" in events.sent_to(OWNER)[0].text


async def test_a_group_that_became_a_supergroup_keeps_its_binding(
    events: EventsHarness, sandbox: RunningSandbox, sandbox_key: str
) -> None:
    await _bound(events, sandbox_key)
    await events.h.feed(
        {
            "message": {
                "message_id": 9,
                "date": utcnow(),
                "chat": {"id": GROUP, "type": "group", "title": "Team"},
                "from": {"id": OWNER, "is_bot": False, "first_name": "O"},
                "migrate_to_chat_id": SUPERGROUP,
            }
        }
    )
    await _sms(events, sandbox, sandbox_key, "Code 7171")
    assert events.sent_to(GROUP) == []
    assert "7171" in events.sent_to(SUPERGROUP)[0].text


async def test_a_send_refused_with_migrate_to_chat_id_follows_the_group(
    events: EventsHarness, sandbox: RunningSandbox, sandbox_key: str
) -> None:
    await _bound(events, sandbox_key)
    refusal = TelegramMigrateToChat(
        method=SendMessage(chat_id=GROUP, text="x"),
        message="upgraded",
        migrate_to_chat_id=SUPERGROUP,
    )
    events.outbox_session.fail_next(SendMessage, refusal)
    await _sms(events, sandbox, sandbox_key, "Code 8181")
    assert "8181" in events.sent_to(SUPERGROUP)[0].text
    async with events.h.sessionmaker() as session:
        (binding,) = (await session.scalars(select(ChatBinding))).all()
    assert binding.chat_id == SUPERGROUP


async def test_a_group_that_blocked_the_bot_is_switched_off_and_the_owner_told(
    events: EventsHarness, sandbox: RunningSandbox, sandbox_key: str
) -> None:
    await _bound(events, sandbox_key)
    forbidden = TelegramForbiddenError(
        method=SendMessage(chat_id=GROUP, text="x"), message="Forbidden: bot was kicked"
    )
    events.outbox_session.fail_next(SendMessage, forbidden)
    await _sms(events, sandbox, sandbox_key, "Code 1212")
    (notice,) = events.sent_to(OWNER)
    assert "can no longer post in Team" in notice.text
    await _sms(events, sandbox, sandbox_key, "Code 3434")  # events come privately again
    assert "3434" in events.sent_to(OWNER)[1].text
    ev_group = [m for m in events.sent_to(GROUP)]
    assert len(ev_group) == 1  # the refused one only; nothing more was tried there


async def test_removing_the_bot_from_the_group_switches_the_binding_off(
    events: EventsHarness, sandbox: RunningSandbox, sandbox_key: str
) -> None:
    await _bound(events, sandbox_key)
    bot_user = {"id": 42, "is_bot": True, "first_name": "pivbot"}
    await events.h.feed(
        {
            "my_chat_member": {
                "chat": {"id": GROUP, "type": "supergroup", "title": "Team"},
                "from": {"id": OWNER, "is_bot": False, "first_name": "O"},
                "date": utcnow(),
                "old_chat_member": {"status": "member", "user": bot_user},
                "new_chat_member": {"status": "left", "user": bot_user},
            }
        }
    )
    await events.settle()
    assert "can no longer post in Team" in events.sent_to(OWNER)[0].text
    await _sms(events, sandbox, sandbox_key, "Code 5656")
    assert "5656" in events.sent_to(OWNER)[1].text


async def test_codes_in_groups_can_be_deleted_after_some_minutes(
    make_events: EventsFactory, sandbox: RunningSandbox, sandbox_key: str
) -> None:
    events = await make_events(group_code_delete_minutes=10)
    await _bound(events, sandbox_key)
    await _sms(events, sandbox, sandbox_key, "Code 2468")
    assert "2468" in events.sent_to(GROUP)[0].text
    shown = events.outbox_session.shown[GROUP].message_id  # what Telegram gave the message
    async with events.h.sessionmaker() as session:
        (deletion,) = (
            await session.scalars(
                select(OutboxMessage).where(OutboxMessage.kind == OutboxKind.DELETE.value)
            )
        ).all()
        assert deletion.next_attempt_at - utcnow() > timedelta(minutes=9)
        await session.execute(  # ten minutes later
            update(OutboxMessage)
            .where(OutboxMessage.id == deletion.id)
            .values(next_attempt_at=utcnow() - timedelta(seconds=1))
        )
        await session.commit()
    await events.runtime.sender.drain()
    deleted = [c for c in events.outbox_session.calls if isinstance(c, DeleteMessage)]
    assert [(d.chat_id, d.message_id) for d in deleted] == [(GROUP, shown)]
    assert GROUP not in events.outbox_session.shown  # the code is gone from the group
