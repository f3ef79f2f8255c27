"""Database fixtures: fresh SQLite files, throwaway PostgreSQL databases, a key ring.

- `db_url`: a fresh (empty) SQLite file in tmp_path.
- `pg_url`: a fresh PostgreSQL database on TEST_DATABASE_URL's server, dropped afterwards
  (skipped when TEST_DATABASE_URL is unset).
- `any_db_url`: parametrized over both (the PostgreSQL case skips without a server).
- `engine` / `sessionmaker`: `db_url` migrated to head; `any_engine` / `any_sessionmaker`: the
  same over `any_db_url`.
- `key_ring`: a KeyRing with one freshly generated key.
- `warm_pool(engine)`: for races, the connections a bot that has been serving holds open.
"""

from __future__ import annotations

import contextlib
import os
import secrets
import shutil
from collections.abc import AsyncIterator
from pathlib import Path

import asyncpg
import pytest
from alembic import command
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from bot.crypto import KeyRing
from bot.db.engine import create_engine, create_sessionmaker
from bot.db.migrate import alembic_config, upgrade

SQLITE_NAME = "pivbot.db"


def sqlite_url(path: Path) -> str:
    return f"sqlite+aiosqlite:///{path}"


@pytest.fixture
def db_url(tmp_path: Path) -> str:
    return sqlite_url(tmp_path / SQLITE_NAME)


@pytest.fixture(scope="session")
def _migrated_sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    # Migrate once per session, then copy the file: tests get a migrated DB in microseconds.
    path = tmp_path_factory.mktemp("db-template") / SQLITE_NAME
    command.upgrade(alembic_config(sqlite_url(path)), "head")
    return path


def _pg_connect_kwargs(url: str) -> dict[str, object]:
    parsed = make_url(url)
    return {
        "host": parsed.host or "127.0.0.1",
        "port": parsed.port or 5432,
        "user": parsed.username,
        "password": parsed.password,
        "database": parsed.database,
    }


@pytest.fixture
async def pg_url() -> AsyncIterator[str]:
    base = os.environ.get("TEST_DATABASE_URL")
    if not base:
        pytest.skip("TEST_DATABASE_URL is not set")
    name = f"pivbot_test_{secrets.token_hex(6)}"
    admin = await asyncpg.connect(**_pg_connect_kwargs(base))  # type: ignore[arg-type]
    try:
        await admin.execute(f'CREATE DATABASE "{name}"')
    finally:
        await admin.close()
    yield make_url(base).set(database=name).render_as_string(hide_password=False)
    admin = await asyncpg.connect(**_pg_connect_kwargs(base))  # type: ignore[arg-type]
    try:
        await admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    finally:
        await admin.close()


@pytest.fixture(params=["sqlite", "postgresql"])
def any_db_url(request: pytest.FixtureRequest) -> str:
    return str(request.getfixturevalue("db_url" if request.param == "sqlite" else "pg_url"))


@pytest.fixture
async def engine(db_url: str, _migrated_sqlite_template: Path) -> AsyncIterator[AsyncEngine]:
    path = make_url(db_url).database
    assert path is not None
    shutil.copyfile(_migrated_sqlite_template, path)
    eng = create_engine(db_url)
    yield eng
    await eng.dispose()


@pytest.fixture
def sessionmaker(engine: AsyncEngine) -> async_sessionmaker[AsyncSession]:
    return create_sessionmaker(engine)


@pytest.fixture
async def any_engine(any_db_url: str) -> AsyncIterator[AsyncEngine]:
    await upgrade(any_db_url)
    eng = create_engine(any_db_url)
    yield eng
    await eng.dispose()


@pytest.fixture
def any_sessionmaker(any_engine: AsyncEngine) -> async_sessionmaker[AsyncSession]:
    return create_sessionmaker(any_engine)


async def warm_pool(engine: AsyncEngine) -> None:
    """Open as many connections as the pool keeps idle and hand them back, as a bot that has been
    serving a while has them. Races need this: on a cold pool the first racer runs its whole
    claim on the one open connection while the others are still connecting (a SQLite connection
    costs a thread and four PRAGMAs, longer than a claim), so the racers never overlap and a
    claim that reads and then writes would pass unnoticed."""
    async with contextlib.AsyncExitStack() as stack:
        for _ in range(engine.pool.size()):  # type: ignore[attr-defined]
            await stack.enter_async_context(engine.connect())


@pytest.fixture
def key_ring() -> KeyRing:
    return KeyRing.parse([KeyRing.generate_key()])
