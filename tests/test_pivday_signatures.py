"""Paid calls can't be mixed up: every client method that changes state takes keywords only.

Which methods change state is learned, not listed: every public method of every endpoint group is
called once against a recording transport, and the HTTP method it sends decides. A new
POST/PUT/PATCH/DELETE method is therefore held to the rule without editing this file.
"""

from __future__ import annotations

import inspect
from collections.abc import AsyncIterator, Callable
from typing import Any

import httpx
import pytest

from bot.pivday import PivDayClient, errors, inputs
from bot.pivday.ratelimit import InMemoryRateLimiter
from bot.pivday.resources import _Group

P = inspect.Parameter
POSITIONAL = (P.POSITIONAL_ONLY, P.POSITIONAL_OR_KEYWORD)
CATCH_ALL = (P.VAR_POSITIONAL, P.VAR_KEYWORD)


class Sent:
    """A MockTransport handler that keeps every request and answers an empty success."""

    def __init__(self) -> None:
        self.requests: list[httpx.Request] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        return httpx.Response(200, json={"success": True, "data": {}})


def _client(sent: Sent) -> PivDayClient:
    http = httpx.AsyncClient(transport=httpx.MockTransport(sent))
    return PivDayClient("pk_test_signatures", http=http, limiter=InMemoryRateLimiter(10_000))


def _methods(client: PivDayClient) -> dict[str, Callable[..., Any]]:
    """`group.method` -> bound method, for every public method of every endpoint group."""
    return {
        f"{group_name}.{name}": method
        for group_name, group in vars(client).items()
        if isinstance(group, _Group)
        for name, method in inspect.getmembers(group, inspect.ismethod)
        if not name.startswith("_")
    }


async def _call_once(method: Callable[..., Any]) -> None:
    """Call with a dummy for every required parameter, then await or take one item."""
    args: list[Any] = []
    kwargs: dict[str, Any] = {}
    for p in inspect.signature(method).parameters.values():
        if p.default is not p.empty or p.kind in CATCH_ALL:
            continue
        if p.kind is P.POSITIONAL_ONLY:
            args.append("1")
        else:
            kwargs[p.name] = "1"
    result = method(*args, **kwargs)
    try:
        if inspect.isawaitable(result):
            await result
        elif isinstance(result, AsyncIterator):
            await anext(result, None)
    except errors.PivDayTransportError:
        pass  # the empty answer fits no model; the request was already recorded


async def _verbs(monkeypatch: pytest.MonkeyPatch) -> dict[str, str]:
    """`group.method` -> the HTTP method it sends. Body validation is switched off: only the verb
    matters here, and the dummy values must reach the wire."""
    monkeypatch.setattr(inputs, "body", lambda model, **values: values)
    sent = Sent()
    verbs: dict[str, str] = {}
    async with _client(sent) as client:
        for name, method in _methods(client).items():
            before = len(sent.requests)
            await _call_once(method)
            new = sent.requests[before:]
            assert len(new) == 1, f"{name} sent {len(new)} requests, expected one"
            verbs[name] = new[0].method
    return verbs


async def test_state_changing_methods_take_keyword_arguments_only(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    verbs = await _verbs(monkeypatch)
    writes = {name for name, verb in verbs.items() if verb != "GET"}
    # The recording really tells writes from reads (an empty set would pass vacuously).
    assert {"numbers.purchase", "proxy.purchase", "domains.delete_dns"} <= writes
    assert {verbs[w] for w in writes} == {"POST", "PUT", "PATCH", "DELETE"}
    assert {"account.get", "numbers.iter_all", "proxy.export"}.isdisjoint(writes)

    offenders: list[str] = []
    async with _client(Sent()) as client:
        for name, method in _methods(client).items():
            params = list(inspect.signature(method).parameters.values())
            offenders += [f"{name}: **{p.name} catch-all" for p in params if p.kind in CATCH_ALL]
            positional = [p.name for p in params if p.kind in POSITIONAL]
            if name in writes:
                offenders += [f"{name}: {n} can be passed by position" for n in positional]
                offenders += [
                    f"{name}: {p.name} has no precise type"
                    for p in params
                    if p.annotation in (p.empty, "Any", Any)
                ]
            elif len(positional) > 1:  # a read may take its one id by position, no more
                offenders.append(f"{name}: {', '.join(positional)} can be passed by position")
    assert offenders == []


# Each would send another order (or drop a field) if the client accepted it.
MIXED_UP: list[tuple[str, Callable[[PivDayClient], Any]]] = [
    ("proxy-by-position", lambda c: c.proxy.purchase("srv", 12, 1)),
    ("number-by-position", lambda c: c.numbers.purchase("SE", 1, False)),
    ("renew-id-by-position", lambda c: c.numbers.renew("n-1", duration_months=1)),
    ("dns-unknown-field", lambda c: c.domains.update_dns(domain_id="d", record_id="r", ttl_s=1)),
    (
        "white-unknown-field",
        lambda c: c.whites.create(
            name="Site", tier_key="v2_tier1", niche="IT", country="DE", language="de", colour="red"
        ),
    ),
]


@pytest.mark.parametrize("call", [c for _, c in MIXED_UP], ids=[n for n, _ in MIXED_UP])
async def test_mixed_up_calls_are_refused_before_anything_is_sent(
    call: Callable[[PivDayClient], Any],
) -> None:
    sent = Sent()
    async with _client(sent) as client:
        with pytest.raises(TypeError):
            await call(client)
    assert sent.requests == []
