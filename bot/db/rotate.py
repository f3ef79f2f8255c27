"""`python -m bot rotate-keys`: re-encrypt every stored API key under the newest ring key."""

from __future__ import annotations

import asyncio
import logging
import sys
from dataclasses import dataclass
from typing import TYPE_CHECKING

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.crypto import DecryptionError, KeyRing, KeyRingError
from bot.db.engine import create_engine, create_sessionmaker
from bot.db.migrate import upgrade
from bot.db.models import ApiKey

if TYPE_CHECKING:
    from bot.config import Settings

log = logging.getLogger(__name__)

BATCH_SIZE = 200


@dataclass(frozen=True, slots=True)
class RotationReport:
    total: int
    rotated: int
    already_current: int
    failed: int


async def rotate_all(
    sessionmaker: async_sessionmaker[AsyncSession], ring: KeyRing, *, batch_size: int = BATCH_SIZE
) -> RotationReport:
    """Re-seal each row whose blob is not under `ring.current_kid`; one commit per batch, so a
    large table never holds one long write transaction against a running bot."""
    async with sessionmaker() as session:
        ids = list((await session.scalars(select(ApiKey.id).order_by(ApiKey.id))).all())
    rotated = already = failed = 0
    for start in range(0, len(ids), batch_size):
        async with sessionmaker() as session:
            rows = await session.scalars(
                select(ApiKey).where(ApiKey.id.in_(ids[start : start + batch_size]))
            )
            for row in rows:
                outcome = _rotate_row(row, ring)
                rotated += outcome == "rotated"
                already += outcome == "current"
                failed += outcome == "failed"
            await session.commit()
    # Rows deleted between listing and loading are simply gone: count what was seen.
    return RotationReport(rotated + already + failed, rotated, already, failed)


def _rotate_row(row: ApiKey, ring: KeyRing) -> str:
    try:
        if ring.kid_of(row.ciphertext) == ring.current_kid:
            row.key_version = ring.current_kid
            return "current"
        plaintext = ring.decrypt(row.ciphertext, owner_id=row.owner_id, row_id=row.id)
    except DecryptionError as exc:
        log.warning("API key row %d could not be decrypted: %s", row.id, exc)
        return "failed"
    row.ciphertext = ring.encrypt(
        plaintext.get_secret_value(), owner_id=row.owner_id, row_id=row.id
    )
    row.key_version = ring.current_kid
    return "rotated"


async def _run(settings: Settings, ring: KeyRing) -> RotationReport:
    await upgrade(settings.database_url)
    engine = create_engine(settings.database_url)
    try:
        return await rotate_all(create_sessionmaker(engine), ring)
    finally:
        await engine.dispose()


def main(settings: Settings) -> int:
    try:
        ring = KeyRing.from_settings(settings)
    except KeyRingError as exc:
        print(f"Key ring error: {exc}", file=sys.stderr)
        return 2
    report = asyncio.run(_run(settings, ring))
    print(
        f"API keys: {report.total} total, {report.rotated} re-encrypted, "
        f"{report.already_current} already under {ring.current_kid!r}, {report.failed} failed."
    )
    if report.failed:
        print("Some keys could not be decrypted with this key ring; keep the old keys.")
        return 1
    older = [kid for kid in ring.kids if kid != ring.current_kid]
    if older:
        print(f"Every key is under {ring.current_kid!r}; you can now drop: {', '.join(older)}.")
    return 0
