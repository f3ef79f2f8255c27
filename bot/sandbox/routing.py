"""Endpoint table, per-request pipeline (auth, counting, rate limit, faults, scopes) and the error
middleware that turns every failure into the spec's envelope — never a 500 traceback."""

from __future__ import annotations

import json
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from aiohttp import web

from bot.sandbox.errors import ApiError, error_response
from bot.sandbox.faults import API_PREFIX
from bot.sandbox.models import Account, ApiKey
from bot.sandbox.validation import Fields

if TYPE_CHECKING:
    from bot.sandbox.state import Sandbox

log = logging.getLogger(__name__)
MAX_BODY = 1024 * 1024  # 1 MiB; larger bodies get 413

Handler = Callable[["Ctx"], Awaitable[web.StreamResponse]]


@dataclass(frozen=True)
class Endpoint:
    method: str
    path: str  # template below /api/v1, e.g. "/numbers/{piv_num_id}"
    scope: str | None
    handler: Handler


class EndpointTable:
    """Collects an area's endpoints: `@table.post("/numbers/purchase", scope="numbers:write")`."""

    def __init__(self) -> None:
        self.endpoints: list[Endpoint] = []

    def route(self, method: str, path: str, scope: str | None) -> Callable[[Handler], Handler]:
        def register(handler: Handler) -> Handler:
            self.endpoints.append(Endpoint(method, path, scope, handler))
            return handler

        return register

    def get(self, path: str, *, scope: str | None) -> Callable[[Handler], Handler]:
        return self.route("GET", path, scope)

    def post(self, path: str, *, scope: str | None) -> Callable[[Handler], Handler]:
        return self.route("POST", path, scope)

    def put(self, path: str, *, scope: str | None) -> Callable[[Handler], Handler]:
        return self.route("PUT", path, scope)

    def patch(self, path: str, *, scope: str | None) -> Callable[[Handler], Handler]:
        return self.route("PATCH", path, scope)

    def delete(self, path: str, *, scope: str | None) -> Callable[[Handler], Handler]:
        return self.route("DELETE", path, scope)


def _reject_constant(name: str) -> Any:
    raise ValueError(f"{name} is not valid JSON")


async def read_json_object(request: web.Request) -> dict[str, Any]:
    """The body as a JSON object; empty body = {}. Malformed → 400, too large → 413."""
    raw = await request.read()  # raises HTTPRequestEntityTooLarge past client_max_size
    if not raw.strip():
        return {}
    try:
        value = json.loads(raw, parse_constant=_reject_constant)
    except (ValueError, RecursionError):
        raise ApiError("VALIDATION_ERROR", "body: malformed JSON") from None
    if not isinstance(value, dict):
        raise ApiError("VALIDATION_ERROR", "body: must be a JSON object")
    return value


@dataclass
class Ctx:
    sb: Sandbox
    request: web.Request
    key: ApiKey

    @property
    def account(self) -> Account:
        return self.key.account

    @property
    def params(self) -> Any:
        return self.request.match_info

    @property
    def query(self) -> Any:
        return self.request.query

    async def fields(self) -> Fields:
        return Fields(await read_json_object(self.request))


def _bearer(request: web.Request) -> str | None:
    scheme, _, token = request.headers.get("Authorization", "").partition(" ")
    return token.strip() if scheme.lower() == "bearer" and token.strip() else None


def _pipeline(sb: Sandbox, endpoint: Endpoint) -> Callable[[web.Request], Awaitable[Any]]:
    async def handle(request: web.Request) -> web.StreamResponse:
        sb.tick()  # let due transitions happen before answering (live clock)
        key = sb.authenticate(_bearer(request))
        sb.record_call(key, endpoint.method, endpoint.path)
        sb.check_rate(key)
        fault = sb.take_fault(key, endpoint.method, endpoint.path)
        if fault is not None and not fault.after:
            return await fault.respond()
        if endpoint.scope is not None and endpoint.scope not in key.scopes:
            raise ApiError("INSUFFICIENT_PERMISSIONS", f"This key lacks the {endpoint.scope} scope")
        response = await endpoint.handler(Ctx(sb, request, key))
        if fault is not None:
            return await fault.respond()
        return response

    return handle


def install(app: web.Application, sb: Sandbox, endpoints: list[Endpoint]) -> None:
    for endpoint in endpoints:
        app.router.add_route(endpoint.method, API_PREFIX + endpoint.path, _pipeline(sb, endpoint))


_HTTP_CODES = {
    400: "VALIDATION_ERROR",
    401: "UNAUTHORIZED",
    403: "PERMISSION_DENIED",
    404: "NOT_FOUND",
    405: "METHOD_NOT_ALLOWED",
    413: "PAYLOAD_TOO_LARGE",
}


@web.middleware
async def error_middleware(request: web.Request, handler: Any) -> web.StreamResponse:
    try:
        return await handler(request)
    except ApiError as err:
        return error_response(err)
    except web.HTTPException as exc:
        if exc.status < 400:
            raise
        err = ApiError(_HTTP_CODES.get(exc.status, "INTERNAL_ERROR"), exc.reason)
        err.status = exc.status
        if exc.status == 405:
            err.headers["Allow"] = exc.headers.get("Allow", "")
        return error_response(err)
    except Exception:
        log.exception("sandbox handler crashed on %s %s", request.method, request.path)
        return error_response(ApiError("INTERNAL_ERROR"))
