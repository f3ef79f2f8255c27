"""The aiohttp application: /api/v1 (always), /files (download links), /_sandbox (control)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from aiohttp import web

from bot.sandbox import control
from bot.sandbox.api import ENDPOINTS
from bot.sandbox.api.whites import file_handler
from bot.sandbox.routing import MAX_BODY, error_middleware, install

if TYPE_CHECKING:
    from bot.sandbox.state import Sandbox

SANDBOX_KEY = web.AppKey("sandbox", object)


def build_app(sb: Sandbox, *, control_api: bool = True) -> web.Application:
    app = web.Application(client_max_size=MAX_BODY, middlewares=[error_middleware])
    app[SANDBOX_KEY] = sb
    install(app, sb, ENDPOINTS)
    app.router.add_get("/files/{token}", file_handler(sb))
    if control_api:
        control.install(app, sb)
    return app
