"""Alembic, driven from code: `python -m bot migrate`, and the bot itself on start."""

from __future__ import annotations

import asyncio
import logging
import sys
import threading
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy.engine import Connection, make_url

from bot.db.engine import create_engine

if TYPE_CHECKING:
    from bot.config import Settings

log = logging.getLogger(__name__)

MIGRATIONS_DIR = Path(__file__).resolve().with_name("migrations")

# alembic.context is process-global, so one alembic command at a time per process. Across
# processes (several bot instances), env.py takes a PostgreSQL advisory lock.
_ALEMBIC_LOCK = threading.Lock()


def alembic_config(url: str) -> Config:
    """Config pointing at the packaged migrations, whatever the working directory."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    # Passed as an attribute, not an ini option: ini interpolation would choke on "%" in passwords.
    config.attributes["url"] = url
    return config


def head_revision() -> str | None:
    return ScriptDirectory.from_config(alembic_config("")).get_current_head()


async def upgrade(url: str, revision: str = "head") -> None:
    await _in_thread(command.upgrade, url, revision)


async def downgrade(url: str, revision: str = "base") -> None:
    await _in_thread(command.downgrade, url, revision)


async def _in_thread(fn: Callable[[Config, str], None], url: str, revision: str) -> None:
    # env.py runs its own event loop (asyncio.run), so it gets a thread of its own: this stays
    # callable from the bot's running loop.
    def locked() -> None:
        with _ALEMBIC_LOCK:
            fn(alembic_config(url), revision)

    await asyncio.to_thread(locked)


async def current_revision(url: str) -> str | None:
    engine = create_engine(url)
    try:
        async with engine.connect() as connection:
            return await connection.run_sync(_current_revision)
    finally:
        await engine.dispose()


def _current_revision(connection: Connection) -> str | None:
    return MigrationContext.configure(connection).get_current_revision()


def safe_url(url: str) -> str:
    return make_url(url).render_as_string(hide_password=True)


def main(settings: Settings) -> int:
    url = settings.database_url

    async def run() -> str | None:
        await upgrade(url)
        return await current_revision(url)

    try:
        revision = asyncio.run(run())
    except Exception as exc:
        log.exception("migration failed")
        print(f"Migration of {safe_url(url)} failed: {type(exc).__name__}: {exc}", file=sys.stderr)
        return 1
    print(f"Database {safe_url(url)} is at revision {revision} (head).")
    return 0
