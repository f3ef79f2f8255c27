"""Who is talking to the bot: the user row, its locale and active key, read in one statement
or served from a cache.

Reading never writes. A row is created (or its Telegram language refreshed) only for people who
talk to the bot itself, and that write is committed here, before anything answers them.

`UserCache` keeps what that one statement returned, per Telegram user, so an update that changes
nothing runs no SQL at all. It stays right because every change to a user or a key, made through
any session this cache is attached to, drops the entry when it commits (SQLAlchemy session events
below); a generation counter keeps a read that raced with such a commit from putting stale data
back. Other instances learn of a change through Redis (`RedisInvalidations`) when REDIS_URL is
set; the TTL bounds what a missed message could cost.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections import OrderedDict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any, TypeVar
from weakref import WeakKeyDictionary, WeakSet

from sqlalchemy import Connection, Engine, event, inspect, select
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession
from sqlalchemy.orm import Session, make_transient_to_detached

from bot.db.models import ApiKey, User
from bot.db.repositories import UserRepo

log = logging.getLogger(__name__)

# The caches over each database: a change committed through any session of that engine, in
# this process, drops the entries it touched.
_CACHES: WeakKeyDictionary[Engine, WeakSet[UserCache]] = WeakKeyDictionary()


@dataclass(frozen=True, slots=True)
class Known:
    """What the database knows about one Telegram user (both None for a stranger)."""

    user: User | None
    active_key: ApiKey | None


Columns = dict[str, Any]


def _columns(obj: User | ApiKey | None) -> Columns | None:
    if obj is None:
        return None
    return {attr.key: getattr(obj, attr.key) for attr in inspect(type(obj)).column_attrs}


Row = TypeVar("Row", User, ApiKey)


def _revive(cls: type[Row], columns: Columns | None, session: AsyncSession) -> Row | None:
    """A cached row back in `session` as if it had been loaded there (no SQL): later reads
    in this update find it in the identity map, and changes to it flush as usual."""
    if columns is None:
        return None
    identity = inspect(cls).identity_key_from_primary_key((columns["id"],))
    existing = session.identity_map.get(identity)
    if existing is not None:
        return existing  # type: ignore[no-any-return]
    obj = cls(**columns)
    make_transient_to_detached(obj)
    session.add(obj)
    return obj


@dataclass(frozen=True, slots=True)
class _Entry:
    user: Columns | None
    key: Columns | None
    expires: float


class UserCache:
    """Per process: Telegram user id → their row and active key (or "no row")."""

    def __init__(
        self,
        ttl_seconds: float = 60.0,
        *,
        max_size: int = 50_000,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.ttl = ttl_seconds
        self.max_size = max_size
        self.clock = clock
        self._entries: OrderedDict[int, _Entry] = OrderedDict()
        self._generations: dict[int, int] = {}
        self.on_invalidate: list[Callable[[Iterable[int]], None]] = []

    @property
    def enabled(self) -> bool:
        return self.ttl > 0

    def get(self, user_id: int) -> _Entry | None:
        entry = self._entries.get(user_id)
        if entry is None:
            return None
        if entry.expires <= self.clock():
            del self._entries[user_id]
            return None
        self._entries.move_to_end(user_id)
        return entry

    def generation(self, user_id: int) -> int:
        return self._generations.get(user_id, 0)

    def put(self, user_id: int, generation: int, known: Known) -> None:
        """Keep what a read returned, unless a change committed since the read began."""
        if not self.enabled or self._generations.get(user_id, 0) != generation:
            return
        self._entries[user_id] = _Entry(
            _columns(known.user), _columns(known.active_key), self.clock() + self.ttl
        )
        self._entries.move_to_end(user_id)
        while len(self._entries) > self.max_size:
            self._entries.popitem(last=False)

    def attach(self, engine: AsyncEngine) -> None:
        """Watch every session on `engine` for changes to users and keys."""
        _CACHES.setdefault(engine.sync_engine, WeakSet()).add(self)

    def clear(self) -> None:
        self.drop(list(self._entries), announce=False)

    def drop(self, user_ids: Iterable[int], *, announce: bool = True) -> None:
        ids = set(user_ids)
        for user_id in ids:
            self._entries.pop(user_id, None)
            self._generations[user_id] = self._generations.get(user_id, 0) + 1
        if announce and ids:
            for listener in self.on_invalidate:
                listener(ids)


def _touched_users(session: Session) -> set[int]:
    ids: set[int] = set()
    for obj in (*session.new, *session.dirty, *session.deleted):
        if isinstance(obj, User):
            ids.add(obj.id)
        elif isinstance(obj, ApiKey):
            ids.add(obj.owner_id)
    return ids


def _caches_of(session: Session) -> list[UserCache]:
    bind = session.bind
    engine = bind.engine if isinstance(bind, Connection) else bind
    caches = _CACHES.get(engine) if isinstance(engine, Engine) else None
    return list(caches) if caches else []


def _touch(session: Session, touched: set[int]) -> None:
    caches = _caches_of(session)
    if touched and caches:
        for cache in caches:
            cache.drop(touched, announce=False)  # now: a read in between must not be kept
        session.info.setdefault("touched_users", set()).update(touched)


@event.listens_for(Session, "after_flush")
def _remember_touched(session: Session, _context: Any) -> None:
    _touch(session, _touched_users(session))


@event.listens_for(Session, "after_commit")
def _invalidate_committed(session: Session) -> None:
    touched: set[int] | None = session.info.pop("touched_users", None)
    if touched:
        for cache in _caches_of(session):
            cache.drop(touched)  # and again once it is visible to every other reader


@event.listens_for(Session, "after_rollback")
def _forget_touched(session: Session) -> None:
    session.info.pop("touched_users", None)


class UserService:
    def __init__(self, session: AsyncSession, cache: UserCache | None = None) -> None:
        self.session = session
        self.cache = cache

    async def load(self, user_id: int) -> Known:
        """The user and their active key: from the cache, else one SELECT … LEFT JOIN."""
        cache = self.cache
        if cache is not None and (entry := cache.get(user_id)) is not None:
            return Known(
                _revive(User, entry.user, self.session), _revive(ApiKey, entry.key, self.session)
            )
        generation = cache.generation(user_id) if cache is not None else 0
        stmt = (
            select(User, ApiKey)
            .outerjoin(ApiKey, ApiKey.id == User.active_key_id)
            .where(User.id == user_id)
        )
        row = (await self.session.execute(stmt)).first()
        known = Known(None, None) if row is None else Known(row[0], row[1])
        if cache is not None:
            cache.put(user_id, generation, known)
        return known

    async def register(self, user_id: int, language_code: str | None, known: User | None) -> User:
        """Create the row on first contact, refresh Telegram's language when it changed;
        nothing (not even a commit) when neither applies."""
        if known is not None and (not language_code or known.language_code == language_code):
            return known
        user = await UserRepo(self.session).get_or_create(user_id, language_code)
        # The row may come from a Core INSERT the flush hooks don't see: say so explicitly.
        _touch(self.session.sync_session, {user_id})
        await self.session.commit()
        return user

    async def set_locale(self, user_id: int, locale: str | None) -> User:
        user = await UserRepo(self.session).set_locale(user_id, locale)
        await self.session.commit()
        return user


class RedisInvalidations:
    """Several instances: a change committed on one drops the entry on all (Redis pub/sub)."""

    CHANNEL = "pivbot:user-cache"

    def __init__(self, cache: UserCache, redis_url: str) -> None:
        from redis.asyncio import Redis

        self.cache = cache
        self.redis = Redis.from_url(redis_url)
        self._listener: asyncio.Task[None] | None = None
        self._pending: set[asyncio.Task[Any]] = set()
        cache.on_invalidate.append(self._publish)

    def _publish(self, user_ids: Iterable[int]) -> None:
        task = asyncio.get_running_loop().create_task(
            self.redis.publish(self.CHANNEL, ",".join(str(i) for i in user_ids))
        )
        self._pending.add(task)
        task.add_done_callback(self._pending.discard)

    async def start(self) -> None:
        pubsub = self.redis.pubsub()
        await pubsub.subscribe(self.CHANNEL)
        self._listener = asyncio.create_task(self._listen(pubsub), name="user-cache-invalidations")

    async def _listen(self, pubsub: Any) -> None:
        while True:
            try:
                async for message in pubsub.listen():
                    if message.get("type") != "message":
                        continue
                    data = message["data"]
                    text = data.decode() if isinstance(data, bytes) else str(data)
                    parts = [part.strip() for part in text.split(",")]
                    ids = [int(part) for part in parts if part.lstrip("-").isdigit()]
                    self.cache.drop(ids, announce=False)
            except asyncio.CancelledError:
                raise
            except Exception as exc:  # Redis went away: forget everything, then listen again
                log.warning("user cache invalidations interrupted: %s", type(exc).__name__)
                self.cache.clear()
                await asyncio.sleep(1)
                with contextlib.suppress(Exception):
                    pubsub = self.redis.pubsub()
                    await pubsub.subscribe(self.CHANNEL)

    async def stop(self) -> None:
        if self._listener is not None:
            self._listener.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._listener
        if self._pending:
            await asyncio.gather(*self._pending, return_exceptions=True)
        await self.redis.aclose()
