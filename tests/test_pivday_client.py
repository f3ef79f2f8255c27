"""PivDayClient behaviour: retries only where safe, 429 pauses, envelopes, API irregularities,
local validation (no request leaves), paging, the pool, and the key staying secret."""

from __future__ import annotations

import json
import logging
from collections.abc import Callable, Coroutine
from decimal import Decimal
from typing import Any

import httpx
import pytest
from aiohttp import web
from pydantic import SecretStr

from bot.pivday import ClientPool, PivDayClient, errors, models
from bot.pivday.ratelimit import InMemoryRateLimiter
from bot.sandbox.server import serve_app

KEY = "pk_live_client_test_key_abcdef0123456789"
ACCOUNT = {"success": True, "data": {"user_id": "u1", "balance": 150.10, "email": "a@b.c"}}

Handler = Callable[[httpx.Request], httpx.Response]


class Script:
    """Answers requests from a list, in order, and keeps what was sent."""

    def __init__(self, *answers: httpx.Response | Exception) -> None:
        self.answers = list(answers)
        self.requests: list[httpx.Request] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        answer = self.answers.pop(0) if len(self.answers) > 1 else self.answers[0]
        if isinstance(answer, Exception):
            raise answer
        return answer


class RecordingLimiter(InMemoryRateLimiter):
    def __init__(self) -> None:
        super().__init__(10_000)
        self.pauses: list[float] = []

    async def pause(self, key_id: str, seconds: float) -> None:
        self.pauses.append(seconds)  # recorded, not waited: the test needn't sleep


class Sleeps(list[float]):
    async def __call__(self, seconds: float) -> None:
        self.append(seconds)


def _client(handler: Handler, **kw: Any) -> PivDayClient:
    http = httpx.AsyncClient(transport=httpx.MockTransport(handler))
    kw.setdefault("limiter", InMemoryRateLimiter(10_000))
    kw.setdefault("sleep", Sleeps())
    return PivDayClient(KEY, http=http, **kw)


def ok(body: Any = ACCOUNT, status: int = 200, **kw: Any) -> httpx.Response:
    return httpx.Response(status, json=body, **kw)


def err(code: str, status: int, headers: dict[str, str] | None = None) -> httpx.Response:
    body = {"success": False, "error": {"code": code, "message": code.lower()}}
    return httpx.Response(status, json=body, headers=headers or {})


HTML_502 = httpx.Response(
    502, text="<html>Bad Gateway</html>", headers={"content-type": "text/html"}
)


# --- retries ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "failure",
    [err("INTERNAL_ERROR", 500), HTML_502, httpx.ReadTimeout("slow"), httpx.ReadError("reset")],
    ids=["500", "html-502", "timeout", "read-error"],
)
async def test_get_is_retried_after_a_passing_failure(failure: Any) -> None:
    script = Script(failure, ok())
    sleeps = Sleeps()
    async with _client(script, sleep=sleeps) as client:
        account = await client.account.get()
    assert account.balance == Decimal("150.10")
    assert len(script.requests) == 2
    assert len(sleeps) == 1 and 0.25 <= sleeps[0] <= 0.5  # jittered first backoff step


async def test_get_gives_up_after_max_retries_with_growing_backoff() -> None:
    script = Script(httpx.ReadTimeout("slow"))
    sleeps = Sleeps()
    async with _client(script, sleep=sleeps, max_retries=3) as client:
        with pytest.raises(errors.PivDayTimeoutError):
            await client.account.get()
    assert len(script.requests) == 4
    assert [round(s / m, 2) <= 1 for s, m in zip(sleeps, [0.5, 1, 2], strict=True)] == [True] * 3
    assert sleeps[2] >= 1.0  # 2 s step, jittered to no less than half


@pytest.mark.parametrize(
    ("failure", "raised"),
    [
        (err("INTERNAL_ERROR", 500), errors.InternalError),
        (err("QUEUE_FULL", 503), errors.QueueFullError),
        (HTML_502, errors.PivDayBadResponseError),
        (httpx.ReadTimeout("slow"), errors.PivDayTimeoutError),
    ],
    ids=["500", "503", "html-502", "timeout"],
)
async def test_post_that_may_have_charged_is_never_resent(failure: Any, raised: type) -> None:
    script = Script(failure, ok({"success": True, "cost": 5, "numbers": []}))
    async with _client(script) as client:
        with pytest.raises(raised) as caught:
            await client.numbers.purchase(country_code="SE", duration_months=1, auto_renew=False)
    assert len(script.requests) == 1
    if raised is errors.PivDayTimeoutError:
        assert "not resent" in str(caught.value)


async def test_post_refused_with_429_is_retried_after_the_pause() -> None:
    purchase = {"success": True, "cost": 5.00, "numbers": []}
    script = Script(err("RATE_LIMITED", 429, {"Retry-After": "7"}), ok(purchase))
    limiter = RecordingLimiter()
    async with _client(script, limiter=limiter) as client:
        result = await client.numbers.purchase(
            country_code="SE", duration_months=1, auto_renew=False
        )
    assert result.cost == Decimal("5.00")
    assert len(script.requests) == 2
    assert limiter.pauses == [7.0]


async def test_429_retry_after_as_http_date_and_missing() -> None:
    date = httpx.Response(
        429,
        json={"success": False, "error": {"code": "RATE_LIMITED", "message": "x"}},
        headers={"Retry-After": "Wed, 21 Oct 2015 07:28:00 GMT"},  # in the past: no wait
    )
    bare = httpx.Response(429, content=b"")  # a proxy's bare 429: no body, no header
    script = Script(date, bare, ok())
    limiter = RecordingLimiter()
    async with _client(script, limiter=limiter) as client:
        await client.account.get()
    assert limiter.pauses == [0.0, errors.DEFAULT_RETRY_AFTER]


async def test_429_every_time_surfaces_after_max_retries() -> None:
    script = Script(err("RATE_LIMITED", 429, {"Retry-After": "1"}))
    limiter = RecordingLimiter()
    async with _client(script, limiter=limiter, max_retries=2) as client:
        with pytest.raises(errors.RateLimitedError) as caught:
            await client.proxy.purchase(server_id="srv", quantity=1, months=1)
    assert caught.value.retry_after == 1.0
    assert len(script.requests) == 3 and limiter.pauses == [1.0, 1.0, 1.0]


async def test_a_connection_never_made_is_retried_even_for_post() -> None:
    script = Script(httpx.ConnectError("refused"), ok({"success": True, "message": "ok"}, 202))
    async with _client(script) as client:
        ack = await client.numbers.verify(piv_num_id="n-1", gv_url="https://gv.google.com/x")
    assert ack.message == "ok" and len(script.requests) == 2


# --- envelopes and irregular answers ----------------------------------------------------------


async def test_bodiless_success_envelopes_are_accepted() -> None:
    script = Script(
        httpx.Response(204),
        ok({"success": True}),
        ok({"success": True, "data": {"updated": True}}),
    )
    async with _client(script) as client:
        deleted = await client.domains.delete_dns(domain_id="d-1", record_id="r-1")
        updated = await client.domains.update_dns(
            domain_id="d-1", record_id="r-1", content="5.6.7.8"
        )
        config = await client.whites.update_config(white_id="w-1", company="Brand")
    assert isinstance(deleted, models.Ack) and isinstance(updated, models.Ack)
    assert config.data == {"updated": True}
    assert [r.method for r in script.requests] == ["DELETE", "PUT", "POST"]
    assert script.requests[0].url.path == "/api/v1/domains/d-1/dns/r-1"


async def test_unknown_values_extra_fields_int_ids_naive_times() -> None:
    number = {
        "piv_num_id": 12345,
        "phone_number": "+46764794425",
        "status": "frozen_by_carrier",
        "created_at": "2026-05-01T10:00:00",
        "expires_at": "2026-05-31T12:00:00+02:00",
        "brand_new_field": {"nested": [1, 2]},
    }
    async with _client(Script(ok({"success": True, "data": number}))) as client:
        got = await client.numbers.get("12345")
    assert got.piv_num_id == "12345"
    assert got.status == "frozen_by_carrier"
    assert got.created_at is not None and got.created_at.utcoffset().total_seconds() == 0
    assert got.expires_at is not None and got.expires_at.utcoffset().total_seconds() == 7200
    assert not hasattr(got, "brand_new_field")


async def test_money_is_exact_decimal() -> None:
    # More digits than a double holds: parsed through a float it would read 1234567.891234568.
    exact = "1234567.8912345678901"
    body = '{"success": true, "data": {"user_id": "u", "balance": ' + exact + "}}"
    script = Script(httpx.Response(200, text=body, headers={"content-type": "application/json"}))
    async with _client(script) as client:
        assert (await client.account.get()).balance == Decimal(exact)
    # A dict parsed elsewhere (plain floats) still gives the short decimal, not binary noise.
    assert models.Account.model_validate({"user_id": "u", "balance": 0.1}).balance == Decimal("0.1")


async def test_white_status_words_and_tier_spellings() -> None:
    white = {"id": "w1", "name": "My White", "status": 10, "tier_key": "v2_tier3"}
    odd = {"id": "w2", "name": "Odd", "status": 99}
    page = {"success": True, "data": {"whites": [white, odd], "pagination": {"total": 2}}}
    script = Script(ok(page))
    async with _client(script) as client:
        result = await client.whites.list(status=10, tier_key="t1")
    assert dict(script.requests[0].url.params) == {"status": "done", "tier_key": "v2_tier1"}
    assert [w.status_word for w in result.items] == ["done", None]
    assert models.white_status_code("queued") == 0
    event = models.parse_event(
        {"event_type": "white.completed", "data": {"job_id": "j", "tier_key": "t1"}}
    )
    assert isinstance(event, models.WhiteCompletedEvent) and event.data.tier == "v2_tier1"


async def test_list_filters_are_encoded_and_empty_ones_dropped() -> None:
    page = {"success": True, "data": {"domains": [], "pagination": {"total": 0, "limit": 5}}}
    script = Script(ok(page))
    async with _client(script) as client:
        await client.domains.list(limit=5, cloudflare=True, auto_renew=False)
    assert dict(script.requests[0].url.params) == {
        "limit": "5",
        "cloudflare": "true",
        "auto_renew": "false",
    }


def test_unknown_event_type_is_kept() -> None:
    event = models.parse_event({"event_type": "balance.low", "data": {"balance": 1}})
    assert isinstance(event, models.UnknownEvent)
    assert (event.event_type, event.data) == ("balance.low", {"balance": 1})


# --- local validation ------------------------------------------------------------------------

Call = Callable[[PivDayClient], Coroutine[Any, Any, Any]]
NS = ["ns1.myhost.com", "ns2.myhost.com"]
WHITE = {"name": "Site", "tier_key": "v2_tier1", "niche": "IT", "country": "DE", "language": "de"}
NUMBER = {"country_code": "SE", "duration_months": 1, "auto_renew": False}
SMS = {"piv_num_id": "n", "to_number": "+14155551234", "message_body": "hi"}
PROXY = {"server_id": "srv", "quantity": 1, "months": 1}
CF_ON = {"domain": "mysite.com", "period": 1, "cloudflare": True, "auto_renew": True}
CF_OFF = {**CF_ON, "cloudflare": False, "auto_renew": False}

INVALID: list[tuple[str, Call, str]] = [
    (
        "months-0",
        lambda c: c.numbers.purchase(**{**NUMBER, "duration_months": 0}),
        "duration_months",
    ),
    (
        "country",
        lambda c: c.numbers.purchase(**{**NUMBER, "country_code": "Sweden"}),
        "country_code",
    ),
    (
        "auto-renew-str",
        lambda c: c.numbers.purchase(**{**NUMBER, "auto_renew": "yes"}),
        "auto_renew",
    ),
    ("e164", lambda c: c.numbers.send_sms(**{**SMS, "to_number": "14155551234"}), "to_number"),
    ("empty-sms", lambda c: c.numbers.send_sms(**{**SMS, "message_body": ""}), "message_body"),
    ("restore-none", lambda c: c.numbers.restore(piv_num_ids=[]), "piv_num_ids"),
    ("limit", lambda c: c.numbers.list(limit=201), "limit"),
    ("offset", lambda c: c.numbers.sms("n", offset=-1), "offset"),
    ("empty-id", lambda c: c.numbers.get(""), "piv_num_id"),
    ("path-id", lambda c: c.numbers.get("a/../b"), "piv_num_id"),
    ("gv-url", lambda c: c.numbers.verify(piv_num_id="n", gv_url="gv.google.com"), "gv_url"),
    ("qty-0", lambda c: c.proxy.purchase(**{**PROXY, "quantity": 0}), "quantity"),
    ("qty-501", lambda c: c.proxy.purchase(**{**PROXY, "quantity": 501}), "quantity"),
    ("months-13", lambda c: c.proxy.purchase(**{**PROXY, "months": 13}), "months"),
    ("renew-0", lambda c: c.proxy.renew(order_id="o", months=0), "months"),
    ("export", lambda c: c.proxy.export("o", format="xml"), "format"),
    ("period-11", lambda c: c.domains.register(**{**CF_ON, "period": 11}), "period"),
    ("ns-one", lambda c: c.domains.register(**CF_OFF, nameservers=NS[:1]), "nameservers"),
    ("ns-none", lambda c: c.domains.register(**CF_OFF), "nameservers"),
    ("ns-with-cf", lambda c: c.domains.register(**CF_ON, nameservers=NS), "nameservers"),
    (
        "ssl-without-cf",
        lambda c: c.domains.register(**CF_OFF, ssl_mode="full", nameservers=NS),
        "ssl_mode",
    ),
    ("ssl-mode", lambda c: c.domains.register(**CF_ON, ssl_mode="bogus"), "ssl_mode"),
    ("domain", lambda c: c.domains.register(**{**CF_ON, "domain": "not a domain"}), "domain"),
    (
        "set-ns-one",
        lambda c: c.domains.set_nameservers(domain_id="d", nameservers=NS[:1]),
        "nameservers",
    ),
    ("dns-nothing", lambda c: c.domains.update_dns(domain_id="d", record_id="r"), "request"),
    ("search", lambda c: c.domains.search(" "), "q"),
    ("name-short", lambda c: c.whites.create(**{**WHITE, "name": "X"}), "name"),
    ("name-long", lambda c: c.whites.create(**{**WHITE, "name": "x" * 21}), "name"),
    ("niche-long", lambda c: c.whites.create(**{**WHITE, "niche": "n" * 26}), "niche"),
    ("blog-tier1", lambda c: c.whites.create(**WHITE, blog_count=5), "blog_count"),
    (
        "blog-2",
        lambda c: c.whites.create(**{**WHITE, "tier_key": "v2_tier3"}, blog_count=2),
        "blog_count",
    ),
    ("white-status", lambda c: c.whites.list(status=99), "status"),
    ("config-nothing", lambda c: c.whites.update_config(white_id="w"), "request"),
]


@pytest.mark.parametrize(
    ("call", "field"), [(c, f) for _, c, f in INVALID], ids=[i[0] for i in INVALID]
)
async def test_invalid_arguments_fail_locally_and_send_nothing(call: Call, field: str) -> None:
    script = Script(ok())
    async with _client(script) as client:
        with pytest.raises(errors.LocalValidationError) as caught:
            await call(client)
    assert caught.value.field == field
    assert caught.value.reason
    assert script.requests == []


async def test_boundary_values_are_sent() -> None:
    order = {"success": True, "data": {"order": {"id": "o1", "quantity": 500}}}
    created = {"success": True, "data": {"white": {"id": "w", "name": "ab", "status": 0}}}
    script = Script(ok(order), ok(created))
    async with _client(script) as client:
        await client.proxy.purchase(server_id="srv", quantity=500, months=12)
        await client.whites.create(
            name="ab", tier_key="t3", niche="n" * 25, country="DE", language="de", blog_count=20
        )
    assert json.loads(script.requests[0].content) == {
        "server_id": "srv",
        "quantity": 500,
        "months": 12,
    }
    sent = json.loads(script.requests[1].content)
    assert (sent["blog_count"], sent["tier_key"]) == (20, "v2_tier3")


# --- paging ----------------------------------------------------------------------------------


class PagedNumbers:
    """Serves `total` numbers honouring limit/offset, like the API."""

    def __init__(self, total: int) -> None:
        self.total = total
        self.requests: list[httpx.Request] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        limit = int(request.url.params["limit"])
        offset = int(request.url.params.get("offset", 0))
        items = [
            {"piv_num_id": f"n{i}", "phone_number": f"+4670000{i:04d}"}
            for i in range(offset, min(self.total, offset + limit))
        ]
        pagination = {"total": self.total, "limit": limit, "offset": offset}
        return ok({"success": True, "data": {"numbers": items, "pagination": pagination}})


async def test_iter_all_walks_every_page() -> None:
    server = PagedNumbers(250)
    async with _client(server) as client:
        ids = [n.piv_num_id async for n in client.numbers.iter_all(status="active")]
    assert ids == [f"n{i}" for i in range(250)]
    assert [r.url.params["offset"] for r in server.requests] == ["0", "100", "200"]
    assert all(r.url.params["status"] == "active" for r in server.requests)


async def test_iter_all_stops_on_an_empty_page_even_if_total_says_more() -> None:
    lying = {"success": True, "data": {"numbers": [], "pagination": {"total": 999, "limit": 100}}}
    script = Script(ok(lying))
    async with _client(script) as client:
        assert [n async for n in client.numbers.iter_all()] == []
    assert len(script.requests) == 1


# --- pool and secrets ------------------------------------------------------------------------


async def test_pool_shares_one_http_client_and_one_limiter_per_key() -> None:
    pool = ClientPool("http://127.0.0.1:9/api/v1")
    a1, a2 = pool.client(KEY), pool.client(SecretStr(KEY))
    b = pool.client(KEY + "-other")
    assert a1 is a2 and a1 is not b
    assert a1._http is b._http and a1.limiter is b.limiter is pool.limiter
    assert a1.key_id != b.key_id
    http = a1._http
    await pool.aclose()
    assert http.is_closed


async def test_given_http_client_is_not_closed_by_its_borrowers() -> None:
    http = httpx.AsyncClient()
    pool = ClientPool("http://127.0.0.1:9/api/v1", http=http)
    async with PivDayClient(KEY, http=http):
        pass
    await pool.aclose()
    assert not http.is_closed
    await http.aclose()
    owned = PivDayClient(KEY)
    await owned.aclose()
    assert owned._http.is_closed


def test_key_is_not_in_reprs() -> None:
    client = PivDayClient(KEY)
    pool = ClientPool()
    pool.client(KEY)
    for text in (repr(client), str(client), repr(vars(client)), repr(pool), repr(vars(pool))):
        assert KEY not in text


async def test_logs_and_errors_never_show_the_key(caplog: pytest.LogCaptureFixture) -> None:
    """A real loopback server answers success and every kind of failure while all logging
    (ours, httpx's, httpcore's and an httpx event hook dumping requests) is captured."""
    answers = [
        web.json_response(ACCOUNT),
        web.json_response(
            {"success": False, "error": {"code": "UNAUTHORIZED", "message": "no"}}, status=401
        ),
        web.json_response(
            {"success": False, "error": {"code": "RATE_LIMITED", "message": "x"}},
            status=429,
            headers={"Retry-After": "0"},
        ),
        web.json_response(
            {"success": False, "error": {"code": "INTERNAL_ERROR", "message": "x"}}, status=500
        ),
        web.Response(status=502, text="<html>bad gateway</html>", content_type="text/html"),
        web.json_response(ACCOUNT),
    ]
    seen_auth: list[str] = []

    async def handler(request: web.Request) -> web.Response:
        seen_auth.append(request.headers["Authorization"])
        return answers.pop(0) if len(answers) > 1 else answers[0]

    app = web.Application()
    app.router.add_route("*", "/{tail:.*}", handler)
    runner, root = await serve_app(app)
    hook_log = logging.getLogger("tests.httpx_hook")

    async def dump_request(request: httpx.Request) -> None:
        hook_log.debug("hook request %r headers=%r", request, request.headers)

    async def dump_response(response: httpx.Response) -> None:
        hook_log.debug("hook response %r request headers=%r", response, response.request.headers)

    caplog.set_level(logging.DEBUG)
    failures: list[Exception] = []
    try:
        http = httpx.AsyncClient(
            event_hooks={"request": [dump_request], "response": [dump_response]}
        )
        pool = ClientPool(f"{root}/api/v1", http=http)
        client = pool.client(SecretStr(KEY))
        await client.account.get()
        for call in (
            client.account.get,
            lambda: client.numbers.purchase(country_code="SE", duration_months=1, auto_renew=False),
        ):
            try:
                await call()
            except errors.PivDayBaseError as exc:
                failures.append(exc)
                logging.getLogger("tests").exception("call failed: %s", exc)
        await client.account.get()  # 500 then HTML 502 then success: two retries
        await pool.aclose()
        await http.aclose()
    finally:
        await runner.cleanup()

    assert seen_auth and all(a == f"Bearer {KEY}" for a in seen_auth)  # it was really sent
    # 401 on a GET; then the POST got 429 (retried after the pause) and a 500 (not resent).
    assert [type(f) for f in failures] == [errors.UnauthorizedError, errors.InternalError]
    records = caplog.records
    assert any(r.name == "bot.pivday" for r in records)
    assert any(r.name == "tests.httpx_hook" for r in records)
    for record in records:
        text = record.getMessage() + (record.exc_text or "")
        assert KEY not in text, record.name
    assert KEY not in caplog.text
    for failure in failures:
        assert KEY not in str(failure) and KEY not in repr(failure)
