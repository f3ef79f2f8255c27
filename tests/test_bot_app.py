"""The factories' wiring choices that tests elsewhere don't exercise."""

from __future__ import annotations

from pathlib import Path

from aiogram.enums import ParseMode
from aiogram.fsm.storage.memory import MemoryStorage
from aiogram.fsm.storage.redis import RedisStorage

from bot.app import create_bot, create_storage
from bot.config import Settings
from tests.fakes.telegram_fixture import harness_settings


def _settings(tmp_path: Path, **overrides: object) -> Settings:
    return harness_settings(
        tmp_path, "sqlite+aiosqlite:///:memory:", "http://127.0.0.1:9", **overrides
    )


async def test_bot_speaks_html_to_the_configured_api_server(tmp_path: Path) -> None:
    bot = create_bot(_settings(tmp_path, telegram_api_url="http://127.0.0.1:8081/"))
    try:
        assert bot.default.parse_mode == ParseMode.HTML
        url = bot.session.api.api_url(token="42:TEST", method="getMe")
        assert url == "http://127.0.0.1:8081/bot42:TEST/getMe"
    finally:
        await bot.session.close()


async def test_default_api_server_is_telegrams(tmp_path: Path) -> None:
    bot = create_bot(_settings(tmp_path))
    try:
        assert bot.session.api.api_url(token="1:X", method="getMe").startswith(
            "https://api.telegram.org/"
        )
    finally:
        await bot.session.close()


async def test_fsm_storage_follows_redis_url(tmp_path: Path) -> None:
    memory = create_storage(_settings(tmp_path))
    assert isinstance(memory, MemoryStorage)
    redis = create_storage(_settings(tmp_path, redis_url="redis://127.0.0.1:6390/0"))
    try:
        assert isinstance(redis, RedisStorage)  # no connection is made until first use
    finally:
        await redis.close()
