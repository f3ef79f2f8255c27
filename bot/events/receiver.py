"""POST /pivday/events/{token}: piv.day's webhooks in, answered within milliseconds.

2xx only once the event is committed to the inbox (piv.day retries anything else, 3 times);
a retry of an event already stored is answered 200 and changes nothing. Refusals leave nothing
behind and say nothing about tokens: a token that is not one → 404 (the same as any unknown
path), body over 64 KB → 413 (read no further), not a JSON object with a string `event_type`
and a `data` → 400; a database failure → 503, so piv.day tries again.

Group commit: events that arrive while a transaction commits are stored together in the next
one (one SELECT finds their keys by token hash, one INSERT … ON CONFLICT DO NOTHING dedupes),
and each request still waits for its own commit. SQLite then has one writer instead of twenty taking
turns, so acknowledgements stay in the milliseconds under a burst.
"""

from __future__ import annotations

import asyncio
import json
import logging
from typing import Any

from aiohttp import web
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.events.inbox import EVENT_TYPE_MAX, Doorbell, Inbox
from bot.services.notifications import EVENTS_PATH, find_token, token_hash, token_shaped

log = logging.getLogger(__name__)

MAX_BODY_BYTES = 64 * 1024
ROUTE = EVENTS_PATH + "{token}"

Waiting = tuple[str, dict[str, Any], "asyncio.Future[int | None]"]


class BadEvent(ValueError):
    """The body is not an event (the reason is for the log)."""


async def _read(request: web.Request) -> bytes:
    if request.content_length is not None and request.content_length > MAX_BODY_BYTES:
        raise web.HTTPRequestEntityTooLarge(MAX_BODY_BYTES, request.content_length)
    body = bytearray()
    while chunk := await request.content.readany():
        body += chunk
        if len(body) > MAX_BODY_BYTES:
            raise web.HTTPRequestEntityTooLarge(MAX_BODY_BYTES, len(body))
    return bytes(body)


def _no_constants(name: str) -> Any:
    raise BadEvent(f"{name} is not JSON")


def parse(body: bytes) -> dict[str, Any]:
    try:
        payload = json.loads(body, parse_constant=_no_constants)
    except (UnicodeDecodeError, json.JSONDecodeError, RecursionError):
        raise BadEvent("not JSON") from None
    if not isinstance(payload, dict):
        raise BadEvent("not an object")
    event_type = payload.get("event_type")
    if not isinstance(event_type, str) or not event_type.strip():
        raise BadEvent("no event_type")
    if len(event_type) > EVENT_TYPE_MAX:
        raise BadEvent("event_type too long")
    if "data" not in payload:
        raise BadEvent("no data")
    return payload


class InboxWriter:
    """Stores events with group commit: one transaction for whatever is waiting."""

    def __init__(self, sessionmaker: async_sessionmaker[AsyncSession]) -> None:
        self.sessionmaker = sessionmaker
        self._waiting: list[Waiting] = []
        self._task: asyncio.Task[None] | None = None

    async def store(self, token_hash: str, payload: dict[str, Any]) -> int | None:
        """The new inbox id once committed; None when the token is unknown or the event is
        already stored. Raises what the database raised."""
        done: asyncio.Future[int | None] = asyncio.get_running_loop().create_future()
        self._waiting.append((token_hash, payload, done))
        if self._task is None or self._task.done():
            self._task = asyncio.create_task(self._write_all())
        return await done

    async def _write_all(self) -> None:
        while self._waiting:
            batch, self._waiting = self._waiting, []
            if not await self._write(batch) and len(batch) > 1:
                # One event the database refuses must not fail the others: one by one.
                for one in batch:
                    await self._write([one])

    async def _write(self, batch: list[Waiting]) -> bool:
        """One transaction for the batch; settles every future unless it failed with more
        than one event in it (then the caller retries them one by one)."""
        try:
            async with self.sessionmaker() as session:
                ids = await Inbox(session).store_batch([(h, p) for h, p, _ in batch])
                await session.commit()
        except Exception as exc:
            if len(batch) == 1 and not batch[0][2].done():
                batch[0][2].set_exception(exc)
            return False
        for (_, _, done), new_id in zip(batch, ids, strict=True):
            if not done.done():
                done.set_result(new_id)
        return True

    async def aclose(self) -> None:
        if self._task is not None:
            self._task.cancel()
            await asyncio.gather(self._task, return_exceptions=True)
        for _, _, done in self._waiting:
            if not done.done():
                done.set_exception(ConnectionAbortedError("shutting down"))
        self._waiting = []


WRITER_KEY = web.AppKey("inbox_writer", InboxWriter)


def install(
    app: web.Application, sessionmaker: async_sessionmaker[AsyncSession], doorbell: Doorbell
) -> None:
    app[WRITER_KEY] = writer = InboxWriter(sessionmaker)

    async def close_writer(_app: web.Application) -> None:
        await writer.aclose()

    app.on_cleanup.append(close_writer)

    async def receive(request: web.Request) -> web.Response:
        body = await _read(request)
        token = request.match_info["token"]
        if not token_shaped(token):
            raise web.HTTPNotFound()
        try:
            payload = parse(body)
        except BadEvent as exc:
            log.info("event refused: %s", exc)
            raise web.HTTPBadRequest(text="not a piv.day event") from None
        event_type = str(payload["event_type"])
        try:
            new_id = await writer.store(token_hash(token), payload)
            if new_id is None:
                async with sessionmaker() as session:
                    owner = await find_token(session, token)
                if owner is None:
                    raise web.HTTPNotFound()
                log.info("event repeated type=%s key_id=%s", event_type, owner.api_key_id)
                return web.json_response({"ok": True})
        except web.HTTPException:
            raise
        except Exception as exc:  # the database is down or locked: piv.day will retry
            log.warning("event not stored: %s", type(exc).__name__)
            raise web.HTTPServiceUnavailable() from None
        log.info("event stored type=%s inbox_id=%s", event_type, new_id)
        doorbell.ring()
        return web.json_response({"ok": True})

    app.router.add_post(ROUTE, receive)
