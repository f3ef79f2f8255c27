"""A Telegram without a network, for dispatcher tests and benchmarks (no pytest needed here).

- `RecordingSession`: an aiogram `BaseSession` that never touches the network; it records every
  Bot API call (the method object) and answers with plausible results (a `Message` for
  send/edit and sendDocument, whose uploaded bytes stay on the recorded call; `True` for
  answer/delete/set…; the bot's `User` for getMe). `shown[chat_id]` is the message that chat
  shows last (sent or edited most recently; a document with its caption), with its keyboard.
- `recorded_calls()`: the calls made while the `with` block runs, in this task and what it
  awaits (so updates handled concurrently each get their own).
- `harness_settings(...)`: Settings of a bot under test (token 42:TEST, a fresh key ring,
  no Redis, no webhook); keyword overrides win.
- `message_payload` / `callback_payload`: the update bodies Telegram sends for a text message
  and for a tap on an inline button (commands carry a bot_command entity).
"""

from __future__ import annotations

import itertools
from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, cast

from aiogram import Bot
from aiogram.client.session.base import BaseSession
from aiogram.methods import (
    DeleteMessage,
    EditMessageReplyMarkup,
    EditMessageText,
    GetChatMember,
    GetMe,
    SendDocument,
    SendMessage,
    TelegramMethod,
)
from aiogram.methods.base import TelegramType
from aiogram.types import (
    ChatMemberAdministrator,
    ChatMemberMember,
    ChatMemberOwner,
    InlineKeyboardMarkup,
    Message,
    User,
)

from bot.config import Settings
from bot.crypto import KeyRing
from tests.fakes.tally import Tally

BOT_TOKEN = "42:TEST"
BOT_USER = {"id": 42, "is_bot": True, "first_name": "pivbot", "username": "pivbot_test_bot"}

Call = TelegramMethod[Any]
_update_calls: Tally[list[Call]] = Tally(list)
# `with recorded_calls() as calls:` collects the Bot API calls made inside (by any
# RecordingSession), attributed per update.
recorded_calls = _update_calls.measure


@dataclass(frozen=True, slots=True)
class Shown:
    """The message a chat shows last: what the bot sent or edited there most recently."""

    message_id: int
    text: str | None
    markup: InlineKeyboardMarkup | None


class RecordingSession(BaseSession):
    """Records Bot API calls; answers like Telegram would, without a network."""

    def __init__(self) -> None:
        super().__init__()
        self.calls: list[Call] = []
        self._message_ids = itertools.count(1000)
        self.chat_types: dict[int, str] = {}
        self.shown: dict[int, Shown] = {}  # chat id → the message the user sees last
        self._failures: list[tuple[type[Call], Exception]] = []
        # (chat id, user id) → "creator" | "administrator" | "member" for getChatMember.
        self.member_status: dict[tuple[int, int], str] = {}

    def fail_next(self, method_type: type[Call], exc: Exception) -> None:
        """The next call of `method_type` raises `exc` (e.g. TelegramBadRequest)."""
        self._failures.append((method_type, exc))

    async def make_request(
        self,
        bot: Bot,
        method: TelegramMethod[TelegramType],
        timeout: int | None = None,  # noqa: ASYNC109 (aiogram's signature)
    ) -> TelegramType:
        self.calls.append(method)
        current = _update_calls.current
        if current is not None:
            current.append(method)
        for i, (kind, exc) in enumerate(self._failures):
            if isinstance(method, kind):
                del self._failures[i]
                raise exc
        return cast(TelegramType, self._result(bot, method))

    def _result(self, bot: Bot, method: Call) -> Any:
        if isinstance(method, GetMe):
            return User.model_validate(BOT_USER, context={"bot": bot})
        if isinstance(method, GetChatMember):
            return self._member(int(method.chat_id), method.user_id)
        if isinstance(method, SendMessage | SendDocument):
            chat_id = int(method.chat_id)
            message_id = next(self._message_ids)
            text = method.text if isinstance(method, SendMessage) else method.caption
            self._show(chat_id, message_id, text, method.reply_markup)
            return self._message(bot, chat_id, message_id, method)
        if isinstance(method, EditMessageText | EditMessageReplyMarkup):
            if method.inline_message_id is not None or method.chat_id is None:
                return True
            assert method.message_id is not None
            chat_id = int(method.chat_id)
            if isinstance(method, EditMessageText):
                text = method.text
            else:  # a keyboard-only edit keeps the text
                before = self.shown.get(chat_id)
                same = before is not None and before.message_id == method.message_id
                text = before.text if same and before else None
            self._show(chat_id, method.message_id, text, method.reply_markup)
            return self._message(bot, chat_id, method.message_id, method)
        if isinstance(method, DeleteMessage):
            shown = self.shown.get(int(method.chat_id))
            if shown is not None and shown.message_id == method.message_id:
                del self.shown[int(method.chat_id)]
        return True

    def _show(self, chat_id: int, message_id: int, text: str | None, markup: object) -> None:
        # Telegram drops the keyboard of a message edited without one.
        keyboard = markup if isinstance(markup, InlineKeyboardMarkup) else None
        self.shown[chat_id] = Shown(message_id, text, keyboard)

    def _member(self, chat_id: int, user_id: int) -> Any:
        user = {"id": user_id, "is_bot": False, "first_name": f"User{user_id}"}
        status = self.member_status.get((chat_id, user_id), "member")
        if status == "creator":
            return ChatMemberOwner.model_validate({"user": user, "is_anonymous": False})
        if status == "administrator":
            fields = ChatMemberAdministrator.model_fields
            rights = {name: False for name in fields if name.startswith(("can_", "is_"))}
            return ChatMemberAdministrator.model_validate({"user": user, **rights})
        return ChatMemberMember.model_validate({"user": user})

    def _message(self, bot: Bot, chat_id: int, message_id: int, method: Any) -> Message:
        markup = getattr(method, "reply_markup", None)
        chat_type = self.chat_types.get(chat_id, "private" if chat_id > 0 else "group")
        return Message.model_validate(
            {
                "message_id": message_id,
                "date": datetime.now(UTC),
                "chat": {"id": chat_id, "type": chat_type},
                "from": BOT_USER,
                "text": getattr(method, "text", None),
                "caption": getattr(method, "caption", None),
                "reply_markup": markup if isinstance(markup, InlineKeyboardMarkup) else None,
            },
            context={"bot": bot},
        )

    async def close(self) -> None:
        pass

    async def stream_content(
        self,
        url: str,
        headers: dict[str, Any] | None = None,
        timeout: int = 30,  # noqa: ASYNC109
        chunk_size: int = 65536,
        raise_for_status: bool = True,
    ) -> AsyncIterator[bytes]:
        raise NotImplementedError("no downloads in tests")
        yield b""  # pragma: no cover


def user_payload(user_id: int, language_code: str | None) -> dict[str, Any]:
    user: dict[str, Any] = {"id": user_id, "is_bot": False, "first_name": f"User{user_id}"}
    if language_code is not None:
        user["language_code"] = language_code
    return user


def chat_payload(chat_id: int, chat_type: str) -> dict[str, Any]:
    chat: dict[str, Any] = {"id": chat_id, "type": chat_type}
    if chat_type != "private":
        chat["title"] = "Test group"
    return chat


def message_payload(
    text: str, *, message_id: int, user: dict[str, Any], chat: dict[str, Any]
) -> dict[str, Any]:
    """`{"message": ...}` for a text a user sent (update_id left to the feeder)."""
    message: dict[str, Any] = {
        "message_id": message_id,
        "date": datetime.now(UTC),
        "chat": chat,
        "from": user,
        "text": text,
    }
    if text.startswith("/"):
        message["entities"] = [{"type": "bot_command", "offset": 0, "length": len(text.split()[0])}]
    return {"message": message}


def callback_payload(
    data: str,
    *,
    query_id: str,
    user: dict[str, Any],
    chat: dict[str, Any],
    message_id: int,
    message_text: str,
) -> dict[str, Any]:
    """`{"callback_query": ...}` for a tap on a button of the bot's message `message_id`."""
    message = {
        "message_id": message_id,
        "date": datetime.now(UTC),
        "chat": chat,
        "from": BOT_USER,
        "text": message_text,
    }
    query = {
        "id": query_id,
        "from": user,
        "chat_instance": str(chat["id"]),
        "message": message,
        "data": data,
    }
    return {"callback_query": query}


def harness_settings(tmp_path: Path, db_url: str, pivday_url: str, **overrides: Any) -> Settings:
    values: dict[str, Any] = {
        "bot_token": BOT_TOKEN,
        "database_url": db_url,
        "pivday_api_url": pivday_url,
        "encryption_keys": [KeyRing.generate_key("test")],
        "data_dir": tmp_path / "data",
        "redis_url": None,
        "public_url": None,
        "telegram_webhook": False,
        "allowed_users": [],
        "admin_ids": [],
        "default_locale": "en",
        "sandbox_mode": False,
    }
    values.update(overrides)
    return Settings(_env_file=None, **values)  # type: ignore[call-arg]
