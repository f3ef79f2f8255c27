"""POST /pivday/events/{token}: piv.day's webhooks in, answered within milliseconds.

2xx only once the event is committed to the inbox (piv.day retries anything else, 3 times);
a retry of an event already stored is answered 200 and changes nothing. Refusals leave nothing
behind and say nothing about tokens: unknown token → 404 (the same as any unknown path), body
over 64 KB → 413 (read no further), not a JSON object with a string `event_type` and a `data`
→ 400; a database failure → 503, so piv.day tries again.
"""

from __future__ import annotations

import json
import logging
from typing import Any

from aiohttp import web
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.events.inbox import EVENT_TYPE_MAX, Doorbell, Inbox
from bot.services.notifications import EVENTS_PATH, find_token

log = logging.getLogger(__name__)

MAX_BODY_BYTES = 64 * 1024
ROUTE = EVENTS_PATH + "{token}"


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


def parse(body: bytes) -> dict[str, Any]:
    try:
        payload = json.loads(body)
    except (UnicodeDecodeError, json.JSONDecodeError):
        raise BadEvent("not JSON") from None
    if not isinstance(payload, dict):
        raise BadEvent("not an object")
    event_type = payload.get("event_type")
    if not isinstance(event_type, str) or not event_type.strip() or len(event_type) > 64:
        raise BadEvent("no event_type")
    if "data" not in payload:
        raise BadEvent("no data")
    return payload


def install(
    app: web.Application, sessionmaker: async_sessionmaker[AsyncSession], doorbell: Doorbell
) -> None:
    async def receive(request: web.Request) -> web.Response:
        body = await _read(request)
        try:
            async with sessionmaker() as session:
                owner = await find_token(session, request.match_info["token"])
                if owner is None:
                    raise web.HTTPNotFound()
                try:
                    payload = parse(body)
                except BadEvent as exc:
                    log.info("event refused key_id=%s: %s", owner.api_key_id, exc)
                    raise web.HTTPBadRequest(text="not a piv.day event") from None
                new_id = await Inbox(session).store(
                    api_key_id=owner.api_key_id, owner_id=owner.owner_id, payload=payload
                )
        except web.HTTPException:
            raise
        except Exception as exc:  # the database is down or locked: piv.day will retry
            log.warning("event not stored: %s", type(exc).__name__)
            raise web.HTTPServiceUnavailable() from None
        event_type = str(payload["event_type"])[:EVENT_TYPE_MAX]
        if new_id is None:
            log.info("event repeated type=%s key_id=%s", event_type, owner.api_key_id)
        else:
            log.info("event stored type=%s key_id=%s", event_type, owner.api_key_id)
            doorbell.ring()
        return web.json_response({"ok": True})

    app.router.add_post(ROUTE, receive)
