"""piv.day answered in-process: an httpx transport that hands each request straight to the
sandbox's aiohttp application (no socket, no server loop) and times it.

The sandbox's handlers never wait on I/O, so a call runs start to finish without yielding to the
event loop: its duration is piv.day's own CPU time, exact even with hundreds of updates in flight,
and can be taken out of the bot's figures. Durations go to whoever is inside `measure()`
(a tests.fakes.tally.Tally) and to `total`.
"""

from __future__ import annotations

import asyncio
import time
from dataclasses import dataclass
from functools import partial
from types import SimpleNamespace
from typing import Any, cast

import httpx
from aiohttp import web
from aiohttp.streams import EMPTY_PAYLOAD, StreamReader
from aiohttp.test_utils import make_mocked_request
from yarl import URL

from tests.fakes.tally import Tally


@dataclass
class PivDayTime:
    calls: int = 0
    seconds: float = 0.0


class SandboxTransport(httpx.AsyncBaseTransport):
    def __init__(self, app: web.Application) -> None:
        self.app = app
        self.total = PivDayTime()  # every call, measured or not
        self.spent = Tally(PivDayTime)  # `with transport.spent.measure() as t:` per update

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        started = time.perf_counter()
        response = await self._answer(request)
        elapsed = time.perf_counter() - started
        for spent in (self.total, self.spent.current):
            if spent is not None:
                spent.calls += 1
                spent.seconds += elapsed
        return response

    async def _answer(self, request: httpx.Request) -> httpx.Response:
        target = request.url.raw_path.decode("ascii")
        # The router only reads the method and the path; a full request is built once matched.
        probe = SimpleNamespace(method=request.method, rel_url=URL(target))
        match = await self.app.router.resolve(cast(web.Request, probe))
        aio_request = make_mocked_request(
            request.method,
            target,
            dict(request.headers),
            match_info=dict(match),
            app=self.app,
            payload=_payload(await request.aread()),
            transport=_STUB_TRANSPORT,
            protocol=_STUB_PROTOCOL,
            writer=_STUB_WRITER,
        )
        handler = match.handler
        for middleware in reversed(self.app.middlewares):
            handler = partial(middleware, handler=handler)
        answer = await handler(aio_request)
        if not isinstance(answer, web.Response) or not isinstance(answer.body, bytes | None):
            raise NotImplementedError(f"streamed answer to {request.method} {target}")
        return httpx.Response(
            answer.status, headers=list(answer.headers.items()), content=answer.body or b""
        )


# make_mocked_request's default stand-ins are unittest.mock objects, ~1 ms each request; these
# carry just what a handler touches.
_STUB_TRANSPORT = SimpleNamespace(get_extra_info=lambda *_a, **_k: None, is_closing=lambda: False)
_STUB_PROTOCOL = SimpleNamespace(
    transport=_STUB_TRANSPORT,
    writer=None,
    peername=None,
    sockname=None,
    ssl_context=None,
    max_field_size=8190,
    max_line_length=8190,
    max_headers=128,
    pause_reading=lambda: None,  # a request body is fed whole: no flow control
    resume_reading=lambda **_k: None,
)
_STUB_WRITER = SimpleNamespace(transport=_STUB_TRANSPORT)


def _payload(body: bytes) -> StreamReader:
    if not body:
        return EMPTY_PAYLOAD
    reader = StreamReader(cast(Any, _STUB_PROTOCOL), limit=2**16, loop=asyncio.get_running_loop())
    reader.feed_data(body)
    reader.feed_eof()
    return reader
