"""Every example in tests/fixtures/pivday (listed in INDEX.tsv) against the real client.

A response example is served for its endpoint and must come back as that method's model; a request
example is passed to the method and must equal the JSON body the client sends; an event payload
must parse into its event model; an error example must raise its error class. A new example for a
known endpoint is picked up from INDEX.tsv without code changes.
"""

from __future__ import annotations

import csv
import json
import re
from collections.abc import Callable, Coroutine
from decimal import Decimal
from pathlib import Path
from typing import Any

import httpx
import pytest

from bot.pivday import PivDayClient, errors, models
from bot.pivday._types import ApiModel
from bot.pivday.ratelimit import InMemoryRateLimiter

FIXTURES = Path(__file__).parent / "fixtures" / "pivday"
ROWS = list(csv.DictReader((FIXTURES / "INDEX.tsv").open(encoding="utf-8"), delimiter="\t"))

Call = Callable[[PivDayClient, dict[str, Any]], Coroutine[Any, Any, Any]]

# endpoint -> (how to call it with a request example's fields, model of the answer, list answer?)
CALLS: dict[str, tuple[Call, type, bool]] = {
    "GET /api/v1/account": (lambda c, b: c.account.get(), models.Account, False),
    "GET /api/v1/numbers/countries": (
        lambda c, b: c.numbers.countries(),
        models.Country,
        True,
    ),
    "GET /api/v1/numbers": (lambda c, b: c.numbers.list(limit=10), models.Page, False),
    "GET /api/v1/numbers/{piv_num_id}": (lambda c, b: c.numbers.get("n-1"), models.Number, False),
    "POST /api/v1/numbers/purchase": (
        lambda c, b: c.numbers.purchase(**b),
        models.NumberPurchase,
        False,
    ),
    "POST /api/v1/numbers/{piv_num_id}/renew": (
        lambda c, b: c.numbers.renew(piv_num_id="n-1", **b),
        models.NumberRenewal,
        False,
    ),
    "PATCH /api/v1/numbers/{piv_num_id}": (
        lambda c, b: c.numbers.update(piv_num_id="n-1", **b),
        models.Number,
        False,
    ),
    "PATCH /api/v1/numbers/{piv_num_id}/auto-renewal": (
        lambda c, b: c.numbers.set_auto_renew(piv_num_id="n-1", **b),
        models.NumberAutoRenew,
        False,
    ),
    "POST /api/v1/numbers/restore": (
        lambda c, b: c.numbers.restore(**b),
        models.NumberRestore,
        False,
    ),
    "GET /api/v1/numbers/{piv_num_id}/sms": (
        lambda c, b: c.numbers.sms("n-1", limit=20),
        models.Page,
        False,
    ),
    "POST /api/v1/numbers/{piv_num_id}/sms/send": (
        lambda c, b: c.numbers.send_sms(piv_num_id="n-1", **b),
        models.SentSms,
        False,
    ),
    "POST /api/v1/numbers/{piv_num_id}/verify": (
        lambda c, b: c.numbers.verify(piv_num_id="n-1", **b),
        models.Ack,
        False,
    ),
    "GET /api/v1/proxy/servers": (lambda c, b: c.proxy.servers(), models.ProxyServer, True),
    "GET /api/v1/proxy/orders": (lambda c, b: c.proxy.orders(limit=20), models.Page, False),
    "GET /api/v1/proxy/orders/{id}": (lambda c, b: c.proxy.order("o-1"), models.ProxyOrder, False),
    "POST /api/v1/proxy/purchase": (
        lambda c, b: c.proxy.purchase(**b),
        models.ProxyOrder,
        False,
    ),
    "POST /api/v1/proxy/orders/{id}/renew": (
        lambda c, b: c.proxy.renew(order_id="o-1", **b),
        models.ProxyRenewal,
        False,
    ),
    "POST /api/v1/proxy/orders/{id}/restore": (
        lambda c, b: c.proxy.restore(order_id="o-1"),
        models.ProxyRestore,
        False,
    ),
    "GET /api/v1/proxy/orders/{id}/export": (
        lambda c, b: c.proxy.export("o-1"),
        models.ProxyExport,
        False,
    ),
    "GET /api/v1/domains/search": (
        lambda c, b: c.domains.search("mysite.com"),
        models.DomainAvailability,
        False,
    ),
    "GET /api/v1/domains": (lambda c, b: c.domains.list(limit=20), models.Page, False),
    "POST /api/v1/domains": (
        lambda c, b: c.domains.register(**b),
        models.DomainRegistration,
        False,
    ),
    "GET /api/v1/domains/queue/{id}": (
        lambda c, b: c.domains.queue("q-1"),
        models.DomainQueueStatus,
        False,
    ),
    "GET /api/v1/domains/{id}": (lambda c, b: c.domains.get("d-1"), models.Domain, False),
    "POST /api/v1/domains/{id}/renew": (
        lambda c, b: c.domains.renew(domain_id="d-1", **b),
        models.DomainRenewal,
        False,
    ),
    "POST /api/v1/domains/{id}/auto-renew": (
        lambda c, b: c.domains.set_auto_renew(domain_id="d-1", **b),
        models.DomainAutoRenew,
        False,
    ),
    "GET /api/v1/domains/{id}/dns": (lambda c, b: c.domains.dns("d-1"), models.DnsRecord, True),
    "POST /api/v1/domains/{id}/dns": (
        lambda c, b: c.domains.add_dns(domain_id="d-1", **b),
        models.DnsRecord,
        False,
    ),
    "PUT /api/v1/domains/{id}/dns/{recordId}": (
        lambda c, b: c.domains.update_dns(domain_id="d-1", record_id="r-1", **b),
        models.Ack,
        False,
    ),
    "POST /api/v1/domains/{id}/cloudflare": (
        lambda c, b: c.domains.enable_cloudflare(domain_id="d-1"),
        models.CloudflareEnabled,
        False,
    ),
    "POST /api/v1/domains/{id}/ns-servers": (
        lambda c, b: c.domains.set_nameservers(domain_id="d-1", **b),
        models.NameserverList,
        False,
    ),
    "GET /api/v1/whites/tiers": (lambda c, b: c.whites.tiers(), models.WhiteTier, True),
    "GET /api/v1/whites": (lambda c, b: c.whites.list(status="done", limit=20), models.Page, False),
    "POST /api/v1/whites": (lambda c, b: c.whites.create(**b), models.WhiteCreated, False),
    "GET /api/v1/whites/{id}": (lambda c, b: c.whites.get("w-1"), models.White, False),
    "GET /api/v1/whites/{id}/download": (
        lambda c, b: c.whites.download("w-1"),
        models.WhiteDownload,
        False,
    ),
    "POST /api/v1/whites/{id}/config": (
        lambda c, b: c.whites.update_config(white_id="w-1", **b),
        models.Ack,
        False,
    ),
}


def _load(name: str) -> Any:
    return json.loads((FIXTURES / name).read_text(encoding="utf-8"))


def _rows(kind: str) -> list[dict[str, str]]:
    return [r for r in ROWS if r["kind"] == kind]


def _request_example(endpoint: str) -> dict[str, Any]:
    for row in _rows("request"):
        if row["endpoint"] == endpoint:
            return _load(row["file"])
    return {}


def _path_pattern(endpoint: str) -> tuple[str, re.Pattern[str]]:
    method, template = endpoint.split(" ", 1)
    return method, re.compile("^" + re.sub(r"\{[^}]+\}", "[^/]+", template) + "$")


def _status_of(filename: str) -> int:
    match = re.search(r"\.(\d{3})-", filename)
    return int(match[1]) if match else 200


class Recorder:
    """A MockTransport handler: serves one body and records what the client sent."""

    def __init__(self, body: bytes, status: int = 200, headers: dict[str, str] | None = None):
        self.body, self.status, self.headers = body, status, headers or {}
        self.requests: list[httpx.Request] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        return httpx.Response(self.status, content=self.body, headers=self.headers)


def _client(recorder: Recorder, **kw: Any) -> PivDayClient:
    http = httpx.AsyncClient(transport=httpx.MockTransport(recorder))
    return PivDayClient(
        "pk_live_fixture_key",
        base_url="https://app.piv.day/api/v1",
        http=http,
        limiter=InMemoryRateLimiter(limit=10_000),
        **kw,
    )


def test_every_indexed_file_exists_and_every_endpoint_has_a_call() -> None:
    listed = {r["file"] for r in ROWS}
    on_disk = {p.name for p in FIXTURES.glob("*.json")}
    assert listed == on_disk
    endpoints = {r["endpoint"] for r in ROWS if r["kind"] in ("request", "response")}
    assert endpoints - CALLS.keys() == set()


@pytest.mark.parametrize("row", _rows("response"), ids=lambda r: r["file"])
async def test_response_example_parses_into_endpoint_model(row: dict[str, str]) -> None:
    call, model, is_list = CALLS[row["endpoint"]]
    recorder = Recorder((FIXTURES / row["file"]).read_bytes(), _status_of(row["file"]))
    async with _client(recorder) as client:
        result = await call(client, _request_example(row["endpoint"]))
    method, path = _path_pattern(row["endpoint"])
    (sent,) = recorder.requests
    assert sent.method == method
    assert path.match(sent.url.path), sent.url.path
    if is_list:
        assert isinstance(result, list) and result
        assert all(isinstance(item, model) for item in result)
    else:
        assert isinstance(result, model)
    if isinstance(result, models.Page):
        assert result.items and result.pagination.total >= len(result.items)


@pytest.mark.parametrize("row", _rows("request"), ids=lambda r: r["file"])
async def test_request_example_is_the_body_the_client_sends(row: dict[str, str]) -> None:
    call, _, _ = CALLS[row["endpoint"]]
    example = _load(row["file"])
    recorder = Recorder(b'{"success": true}')
    for response_row in _rows("response"):
        if response_row["endpoint"] == row["endpoint"]:
            recorder.body = (FIXTURES / response_row["file"]).read_bytes()
            break
    async with _client(recorder) as client:
        await call(client, example)
    (sent,) = recorder.requests
    assert sent.headers["content-type"] == "application/json"
    assert json.loads(sent.content) == example


@pytest.mark.parametrize("row", _rows("payload"), ids=lambda r: r["file"])
def test_event_payload_parses_into_its_event_model(row: dict[str, str]) -> None:
    event_type = row["endpoint"].removeprefix("EVENT ").strip()
    event = models.parse_event(_load(row["file"]))
    assert not isinstance(event, models.UnknownEvent)
    assert event.event_type == event_type
    assert type(event).model_fields["event_type"].default == event_type
    assert event.timestamp is not None and event.timestamp.tzinfo is not None
    assert isinstance(event.data, ApiModel)


@pytest.mark.parametrize("row", _rows("error"), ids=lambda r: r["file"])
async def test_error_example_raises_its_class(row: dict[str, str]) -> None:
    example = _load(row["file"])
    status = int(re.search(r"HTTP (\d{3})", row["endpoint"])[1])  # type: ignore[index]
    header = re.search(r"header ([\w-]+): (\S+?)\)", row["endpoint"])
    headers = {header[1]: header[2]} if header else {}
    recorder = Recorder(json.dumps(example).encode(), status, headers)
    async with _client(recorder, max_retries=0) as client:
        with pytest.raises(errors.PivDayError) as caught:
            await client.account.get()
    err = caught.value
    assert type(err) is errors.ERROR_CLASSES[example["error"]["code"]]
    assert err.code == example["error"]["code"]
    assert err.http_status == status
    assert err.message == example["error"]["message"]
    if isinstance(err, errors.RateLimitedError):
        assert err.retry_after == float(headers["Retry-After"])
    if isinstance(err, errors.InsufficientBalanceError):
        assert (err.required, err.available) == (Decimal("5.00"), Decimal("1.20"))
