"""Key rotation: every key stays readable, after which the old ring key can be dropped."""

from __future__ import annotations

import asyncio
import os
from pathlib import Path

import pytest
from pydantic import SecretStr
from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.crypto import DecryptionError, KeyRing
from bot.db.engine import create_engine, create_sessionmaker
from bot.db.migrate import upgrade
from bot.db.models import ApiKey
from bot.db.repositories import KeyRepo
from bot.db.rotate import RotationReport, rotate_all
from tests.fakes.process import start_bot

ROOT = Path(__file__).resolve().parents[1]
Sessions = async_sessionmaker[AsyncSession]
OLD, NEW = KeyRing.generate_key("old"), KeyRing.generate_key("new")
PLAINTEXTS = {
    (owner, n): f"pk_live_owner{owner}_key{n}_5e6f7a8b" for owner in (1, 2, 3) for n in (1, 2)
}


async def _seed(sessions: Sessions, ring: KeyRing) -> dict[int, str]:
    stored: dict[int, str] = {}
    async with sessions() as session:
        keys = KeyRepo(session, ring)
        for (owner, n), plaintext in PLAINTEXTS.items():
            row = await keys.add(owner, f"key {n}", SecretStr(plaintext))
            stored[row.id] = plaintext
        await session.commit()
    return stored


async def _read_all(sessions: Sessions, ring: KeyRing) -> dict[int, str]:
    async with sessions() as session:
        keys = KeyRepo(session, ring)
        rows = (await session.scalars(select(ApiKey))).all()
        return {row.id: keys.reveal(row).get_secret_value() for row in rows}


async def test_rotation_keeps_keys_readable_and_frees_the_old_key(
    any_sessionmaker: Sessions,
) -> None:
    stored = await _seed(any_sessionmaker, KeyRing.parse([OLD]))
    both = KeyRing.parse([NEW, OLD])

    report = await rotate_all(any_sessionmaker, both, batch_size=4)  # several batches
    assert report == RotationReport(total=6, rotated=6, already_current=0, failed=0)

    new_only = KeyRing.parse([NEW])
    assert await _read_all(any_sessionmaker, new_only) == stored
    async with any_sessionmaker() as session:
        versions = set((await session.scalars(select(ApiKey.key_version))).all())
    assert versions == {"new"}
    with pytest.raises(DecryptionError):  # the old key no longer opens anything
        await _read_all(any_sessionmaker, KeyRing.parse([OLD]))

    again = await rotate_all(any_sessionmaker, new_only)
    assert again == RotationReport(total=6, rotated=0, already_current=6, failed=0)


async def test_an_unreadable_row_is_counted_and_the_rest_rotate(
    sessionmaker: Sessions,
) -> None:
    stored = await _seed(sessionmaker, KeyRing.parse([OLD]))
    victim, donor = sorted(stored)[:2]
    async with sessionmaker() as session:
        donor_blob = (await session.get_one(ApiKey, donor)).ciphertext
        await session.execute(
            update(ApiKey).where(ApiKey.id == victim).values(ciphertext=donor_blob)
        )
        await session.commit()

    report = await rotate_all(sessionmaker, KeyRing.parse([NEW, OLD]))
    assert report == RotationReport(total=6, rotated=5, already_current=0, failed=1)
    async with sessionmaker() as session:
        assert (await session.get_one(ApiKey, victim)).key_version == "old"


async def test_cli_rotate_keys_reports_counts_without_secrets(tmp_path: Path) -> None:
    url = f"sqlite+aiosqlite:///{tmp_path / 'data' / 'pivbot.db'}"
    await upgrade(url)
    engine = create_engine(url)
    await _seed(create_sessionmaker(engine), KeyRing.parse([OLD]))
    await engine.dispose()

    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": str(tmp_path),
        "PYTHONPATH": str(ROOT),
        "DATABASE_URL": url,
        "ENCRYPTION_KEYS": f"{NEW},{OLD}",
    }
    proc = await start_bot(tmp_path, env, "rotate-keys")
    out, err = (b.decode() for b in await asyncio.wait_for(proc.communicate(), 60))
    assert proc.returncode == 0, err
    assert "6 total, 6 re-encrypted" in out
    assert "drop: old" in out
    output = out + err
    for secret in [*PLAINTEXTS.values(), NEW.partition(":")[2], OLD.partition(":")[2]]:
        assert secret not in output

    engine = create_engine(url)
    try:
        readable = await _read_all(create_sessionmaker(engine), KeyRing.parse([NEW]))
    finally:
        await engine.dispose()
    assert sorted(readable.values()) == sorted(PLAINTEXTS.values())
