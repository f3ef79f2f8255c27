"""`fail_next`: make the next matching call fail with an error code, a 500, a timeout or garbage."""

from __future__ import annotations

import asyncio
import re
from dataclasses import dataclass

from aiohttp import web

from bot.sandbox.errors import ERROR_STATUS, ApiError, error_response

API_PREFIX = "/api/v1"
KINDS = ("error", "500", "timeout", "garbage")
GARBAGE_BODY = "<html><head><title>502 Bad Gateway</title></head><body>nginx</body></html>"


def normalize_template(template: str) -> str:
    """'/api/v1/numbers/{piv_num_id}/renew' and '/numbers/{id}/renew' name the same endpoint."""
    if template.startswith(API_PREFIX):
        template = template[len(API_PREFIX) :]
    return re.sub(r"\{[^}]*\}", "{}", template.rstrip("/") or "/")


@dataclass
class Fault:
    key_id: str | None  # None: whichever key calls next
    method: str
    template: str  # normalized
    kind: str = "error"
    code: str = "INTERNAL_ERROR"
    status: int | None = None
    message: str | None = None
    after: bool = False  # run the real handler first (state changes, money moves), then fail
    delay: float = 30.0  # real seconds a "timeout" holds the connection
    times: int = 1

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise ValueError(f"kind must be one of {KINDS}")
        if self.kind == "error" and self.code not in ERROR_STATUS:
            raise ValueError(f"unknown error code {self.code}")

    def matches(self, key_id: str, method: str, template: str) -> bool:
        return self.key_id in (None, key_id) and self.method == method and self.template == template

    async def respond(self) -> web.StreamResponse:
        if self.kind == "timeout":
            await asyncio.sleep(self.delay)
            return error_response(ApiError("INTERNAL_ERROR", "Gateway timeout"))
        if self.kind == "garbage":
            return web.Response(
                text=GARBAGE_BODY, status=self.status or 502, content_type="text/html"
            )
        if self.kind == "500":
            return error_response(ApiError("INTERNAL_ERROR", self.message))
        err = ApiError(self.code, self.message)
        if self.status is not None:
            err.status = self.status
        return error_response(err)
