"""Users and API keys in a real database: encryption at rest, ownership, the active key."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
from pydantic import SecretStr
from sqlalchemy import select, update
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from bot.crypto import DecryptionError, KeyRing
from bot.db.models import ApiKey, User
from bot.db.repositories import KeyRepo, UserRepo

ALICE, BOB = 1001, 2002
ALICE_KEY = "pk_live_AliceSecret_7c1e5b2a9d04"
BOB_KEY = "pk_live_BobSecret_44f0aa19e3b7"

Sessions = async_sessionmaker[AsyncSession]


async def _add(sessions: Sessions, ring: KeyRing, owner: int, label: str, key: str) -> int:
    async with sessions() as session:
        row = await KeyRepo(session, ring).add(
            owner, label, SecretStr(key), email=f"{owner}@x.io", validated_at=datetime.now(UTC)
        )
        await session.commit()
        return row.id


async def test_users_are_created_once_and_keep_their_choices(sessionmaker: Sessions) -> None:
    async with sessionmaker() as session:
        users = UserRepo(session)
        created = await users.get_or_create(ALICE, "ru")
        again = await users.get_or_create(ALICE, "ru")
        assert created is again
        await users.set_locale(ALICE, "en")
        await users.get_or_create(ALICE, "de")  # Telegram's language changed
        await session.commit()
    async with sessionmaker() as session:
        user = await UserRepo(session).get(ALICE)
        assert user is not None
        assert (user.locale, user.language_code) == ("en", "de")
        assert user.created_at.tzinfo is not None
        assert user.created_at.utcoffset() == UTC.utcoffset(None)
        assert await UserRepo(session).get(BOB) is None


async def test_the_database_file_holds_no_plaintext_key(
    engine: AsyncEngine, sessionmaker: Sessions, key_ring: KeyRing, db_url: str
) -> None:
    key_id = await _add(sessionmaker, key_ring, ALICE, "team", ALICE_KEY)
    async with sessionmaker() as session:
        row = await KeyRepo(session, key_ring).get(ALICE, key_id)
        assert row is not None
        assert row.mask == "…9d04"
        assert row.key_version == key_ring.current_kid
        assert row.email == f"{ALICE}@x.io"
        assert row.validated_at is not None and row.validated_at.tzinfo is not None
        assert ALICE_KEY not in repr(row)
        assert KeyRepo(session, key_ring).reveal(row).get_secret_value() == ALICE_KEY
    await engine.dispose()  # checkpoint the WAL into the main file
    db_file = Path(str(make_url(db_url).database))
    files = [p for p in db_file.parent.iterdir() if p.name.startswith(db_file.name)]
    raw = b"".join(p.read_bytes() for p in files)
    assert b"9d04" in raw  # the mask is there, so the scan does see stored text
    assert ALICE_KEY.encode() not in raw
    assert ALICE_KEY.encode("utf-16-le") not in raw


async def test_a_ciphertext_copied_to_another_row_or_user_fails(
    any_sessionmaker: Sessions, key_ring: KeyRing
) -> None:
    alice_1 = await _add(any_sessionmaker, key_ring, ALICE, "one", ALICE_KEY)
    alice_2 = await _add(any_sessionmaker, key_ring, ALICE, "two", ALICE_KEY + "x")
    bob_1 = await _add(any_sessionmaker, key_ring, BOB, "bob", BOB_KEY)
    async with any_sessionmaker() as session:
        stolen = (await session.get_one(ApiKey, alice_1)).ciphertext
        for target in (alice_2, bob_1):
            await session.execute(
                update(ApiKey).where(ApiKey.id == target).values(ciphertext=stolen)
            )
        await session.commit()
    async with any_sessionmaker() as session:
        keys = KeyRepo(session, key_ring)
        for owner, target in ((ALICE, alice_2), (BOB, bob_1)):
            row = await keys.get(owner, target)
            assert row is not None
            with pytest.raises(DecryptionError) as err:
                keys.reveal(row)
            assert ALICE_KEY not in str(err.value)
        original = await keys.get(ALICE, alice_1)
        assert original is not None
        assert keys.reveal(original).get_secret_value() == ALICE_KEY


async def test_keys_are_owner_scoped(sessionmaker: Sessions, key_ring: KeyRing) -> None:
    alice_key = await _add(sessionmaker, key_ring, ALICE, "team", ALICE_KEY)
    await _add(sessionmaker, key_ring, BOB, "bob", BOB_KEY)
    async with sessionmaker() as session:
        keys = KeyRepo(session, key_ring)
        assert await keys.get(BOB, alice_key) is None
        assert await keys.rename(BOB, alice_key, "mine now") is None
        assert await keys.set_active(BOB, alice_key) is None
        assert await keys.remove(BOB, alice_key) is False
        await session.commit()
        assert [k.label for k in await keys.list(ALICE)] == ["team"]
        assert [k.label for k in await keys.list(BOB)] == ["bob"]
        bob_active = await keys.active(BOB)
        assert bob_active is not None and bob_active.label == "bob"


async def test_first_key_is_active_switch_rename_and_remove(
    any_sessionmaker: Sessions, key_ring: KeyRing
) -> None:
    team = await _add(any_sessionmaker, key_ring, ALICE, "team", ALICE_KEY)
    personal = await _add(any_sessionmaker, key_ring, ALICE, "personal", ALICE_KEY + "p")
    spare = await _add(any_sessionmaker, key_ring, ALICE, "spare", ALICE_KEY + "s")
    async with any_sessionmaker() as session:
        keys = KeyRepo(session, key_ring)
        assert (await keys.active(ALICE)).id == team  # type: ignore[union-attr]
        assert (await keys.set_active(ALICE, personal)) is not None
        renamed = await keys.rename(ALICE, personal, "x" * 100)
        assert renamed is not None and renamed.label == "x" * 64
        await session.commit()
    async with any_sessionmaker() as session:
        keys = KeyRepo(session, key_ring)
        assert (await keys.active(ALICE)).id == personal  # type: ignore[union-attr]
        assert await keys.remove(ALICE, personal)
        await session.commit()
    async with any_sessionmaker() as session:
        keys = KeyRepo(session, key_ring)
        assert [k.id for k in await keys.list(ALICE)] == [team, spare]
        assert (await keys.active(ALICE)).id in (team, spare)  # type: ignore[union-attr]
        assert await session.scalar(select(ApiKey).where(ApiKey.id == personal)) is None
        await keys.remove(ALICE, team)
        await keys.remove(ALICE, spare)
        await session.commit()
    async with any_sessionmaker() as session:
        assert await KeyRepo(session, key_ring).active(ALICE) is None
        user = await session.get_one(User, ALICE)
        assert user.active_key_id is None


async def test_deleting_a_user_deletes_their_ciphertexts(
    any_sessionmaker: Sessions, key_ring: KeyRing
) -> None:
    await _add(any_sessionmaker, key_ring, ALICE, "team", ALICE_KEY)
    async with any_sessionmaker() as session:
        await session.execute(update(User).where(User.id == ALICE).values(active_key_id=None))
        await session.delete(await session.get_one(User, ALICE))
        await session.commit()
    async with any_sessionmaker() as session:
        assert (await session.scalars(select(ApiKey))).all() == []
