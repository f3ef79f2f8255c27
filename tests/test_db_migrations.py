"""Migrations: up and down on both backends, models == migration, the CLI on a fresh data dir."""

from __future__ import annotations

import asyncio
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import inspect
from sqlalchemy.engine import Connection

from bot.db.engine import create_engine
from bot.db.migrate import current_revision, downgrade, head_revision, upgrade
from bot.db.models import Base

ROOT = Path(__file__).resolve().parents[1]
TABLES = {
    "users",
    "api_keys",
    "confirmations",
    "audit",
    "watches",
    "webhook_tokens",
    "inbox",
    "outbox",
    "chat_bindings",
    "reminders",
    "notification_prefs",
}


def _cli_env(home: Path) -> dict[str, str]:
    return {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": str(home),
        "PYTHONPATH": str(ROOT),
    }


async def _inspect(url: str, fn):  # type: ignore[no-untyped-def]
    engine = create_engine(url)
    try:
        async with engine.connect() as connection:
            return await connection.run_sync(fn)
    finally:
        await engine.dispose()


def _tables(connection: Connection) -> set[str]:
    return set(inspect(connection).get_table_names())


def _indexes(connection: Connection) -> set[str]:
    names: set[str] = set()
    for table in TABLES:
        names |= {ix["name"] for ix in inspect(connection).get_indexes(table) if ix["name"]}
    return names


def _diff(connection: Connection) -> list[object]:
    return compare_metadata(
        MigrationContext.configure(connection, opts={"compare_type": True}), Base.metadata
    )


async def test_upgrade_to_head_and_down_to_base(any_db_url: str) -> None:
    await upgrade(any_db_url)
    assert await current_revision(any_db_url) == head_revision()
    assert await _inspect(any_db_url, _tables) >= TABLES
    assert {
        "ix_api_keys_owner_id",
        "ix_confirmations_owner_id_status",
        "ix_audit_user_id_created_at",
    } <= await _inspect(any_db_url, _indexes)

    await downgrade(any_db_url)
    assert await current_revision(any_db_url) is None
    assert not TABLES & await _inspect(any_db_url, _tables)

    await upgrade(any_db_url)  # and back up: the downgrade left nothing behind that conflicts
    assert await _inspect(any_db_url, _tables) >= TABLES


async def test_models_match_the_migration(any_db_url: str) -> None:
    await upgrade(any_db_url)
    assert await _inspect(any_db_url, _diff) == []


async def test_upgrade_is_idempotent(db_url: str) -> None:
    await upgrade(db_url)
    await upgrade(db_url)
    assert await current_revision(db_url) == head_revision()


def test_cli_migrate_on_a_fresh_data_dir(tmp_path: Path) -> None:
    env = _cli_env(tmp_path)
    for _ in range(2):  # a second run finds everything in place
        proc = subprocess.run(
            [sys.executable, "-m", "bot", "migrate"],
            cwd=tmp_path,
            env=env,
            capture_output=True,
            text=True,
            timeout=60,
        )
        assert proc.returncode == 0, proc.stderr
        assert "Traceback" not in proc.stderr
        assert head_revision() in proc.stdout
    db_file = tmp_path / "data" / "pivbot.db"
    with sqlite3.connect(db_file) as conn:
        names = {
            row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")
        }
    assert names >= TABLES


async def test_upgrades_from_one_process_at_once_are_serialised(db_url: str) -> None:
    await asyncio.gather(*(upgrade(db_url) for _ in range(3)))
    assert await current_revision(db_url) == head_revision()


async def test_instances_starting_together_on_postgresql_migrate_once(
    pg_url: str, tmp_path: Path
) -> None:
    # Several bot instances apply migrations on start; the advisory lock serialises them.
    procs = [
        await asyncio.create_subprocess_exec(
            sys.executable,
            "-m",
            "bot",
            "migrate",
            cwd=tmp_path,
            env=_cli_env(tmp_path) | {"DATABASE_URL": pg_url},
            stdout=asyncio.subprocess.PIPE,
            stderr=asyncio.subprocess.PIPE,
        )
        for _ in range(4)
    ]
    outputs = [await asyncio.wait_for(p.communicate(), 60) for p in procs]
    assert [p.returncode for p in procs] == [0] * 4, outputs
    assert await current_revision(pg_url) == head_revision()
    assert await _inspect(pg_url, _diff) == []
