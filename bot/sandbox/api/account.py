"""GET /account."""

from __future__ import annotations

from aiohttp import web

from bot.sandbox.errors import ok
from bot.sandbox.routing import Ctx, EndpointTable

table = EndpointTable()


@table.get("/account", scope="account:read")
async def account(ctx: Ctx) -> web.Response:
    return ok(ctx.account.card(is_team_member=ctx.key.is_team_member))
