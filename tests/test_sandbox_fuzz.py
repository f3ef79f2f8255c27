"""Property: whatever body arrives at any POST/PUT/PATCH endpoint, the sandbox answers with the
spec's envelope and a 2xx/4xx status — never a 500 or a traceback. One server for all examples."""

from __future__ import annotations

import asyncio
import csv
import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import quote

import httpx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.sandbox import Sandbox
from bot.sandbox.api import ENDPOINTS
from bot.sandbox.server import start_server

WRITE_ENDPOINTS = [e for e in ENDPOINTS if e.method in ("POST", "PUT", "PATCH")]
FIXTURES = Path(__file__).parent / "fixtures" / "pivday"


def _request_examples() -> dict[str, dict[str, Any]]:
    """'POST /numbers/purchase' → its request example: the valid body that mutations start from."""
    examples: dict[str, dict[str, Any]] = {}
    with (FIXTURES / "INDEX.tsv").open() as handle:
        for row in csv.DictReader(handle, delimiter="\t"):
            if row["kind"] == "request":
                endpoint = row["endpoint"].replace("/api/v1", "")
                endpoint = endpoint.replace("{recordId}", "{record_id}")
                examples.setdefault(endpoint, json.loads((FIXTURES / row["file"]).read_text()))
    return examples


REQUEST_EXAMPLES = _request_examples()
FIELD_NAMES = sorted(
    {
        "country_code", "duration_months", "auto_renew", "custom_name", "piv_num_ids",
        "to_number", "message_body", "gv_url", "server_id", "quantity", "months", "domain",
        "period", "cloudflare", "ssl_mode", "nameservers", "dns_records", "type", "name",
        "content", "ttl", "proxied", "priority", "enabled", "tier_key", "niche", "country",
        "language", "quality", "languages", "blog_count", "contacts_mode", "keywords",
        "company", "email", "phone", "legal",
    }
)  # fmt: skip

scalars = (
    st.none()
    | st.booleans()
    | st.integers(min_value=-(2**70), max_value=2**70)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=30)
    | st.sampled_from(["SE", "v2_tier1", "mysite.com", "+14155551234", "https://g.co/x", "A"])
    | st.just("lone \ud800 surrogate")
)
json_values = st.recursive(
    scalars,
    lambda inner: (
        st.lists(inner, max_size=4)
        | st.dictionaries(st.sampled_from(FIELD_NAMES) | st.text(max_size=8), inner, max_size=5)
    ),
    max_leaves=12,
)
bodies = (
    st.dictionaries(st.sampled_from(FIELD_NAMES), json_values, max_size=8).map(json.dumps)
    | json_values.map(json.dumps)
    | st.binary(max_size=64)
    | st.sampled_from(["", "{", "[]", "null", '{"a": NaN}', "[" * 5000 + "]" * 5000])
)


@pytest.fixture(scope="module")
def live() -> Iterator[tuple[asyncio.AbstractEventLoop, httpx.AsyncClient, dict[str, str]]]:
    loop = asyncio.new_event_loop()
    sb = Sandbox(seed=7, rate_limit=0)
    key = sb.create_key(balance="1000000.00")
    number = sb.add_number(key, "SE")
    runner, root = loop.run_until_complete(start_server(sb))
    client = httpx.AsyncClient(
        base_url=root + "/api/v1", headers={"Authorization": f"Bearer {key}"}
    )

    async def world() -> dict[str, str]:
        order = await client.post(
            "/proxy/purchase",
            json={"server_id": next(iter(sb.proxy_servers)), "quantity": 1, "months": 1},
        )
        cf = {"domain": "fuzz.com", "period": 1, "cloudflare": True, "auto_renew": False}
        domain = await client.post("/domains", json=cf)
        white = await client.post(
            "/whites",
            json={
                "name": "Fz",
                "tier_key": "v2_tier1",
                "niche": "n",
                "country": "DE",
                "language": "de",
            },
        )
        await sb.advance(600)
        dom_id = domain.json()["data"]["domain"]["id"]
        record = await client.post(
            f"/domains/{dom_id}/dns", json={"type": "A", "name": "@", "content": "1.2.3.4"}
        )
        return {
            "piv_num_id": number.piv_num_id,
            "id": order.json()["data"]["order"]["id"],
            "domain_id": dom_id,
            "white_id": white.json()["data"]["white"]["id"],
            "record_id": record.json()["data"]["record"]["id"],
        }

    ids = loop.run_until_complete(world())
    yield loop, client, ids
    loop.run_until_complete(client.aclose())
    loop.run_until_complete(sb.aclose())
    loop.run_until_complete(runner.cleanup())
    loop.close()


def _path(template: str, ids: dict[str, str], junk: str | None) -> str:
    def fill(match: re.Match[str]) -> str:
        if junk is not None:
            return quote(junk, safe="") or "x"
        name = match.group(1)
        if name == "id":
            if template.startswith("/domains"):
                return ids["domain_id"]
            if template.startswith("/whites"):
                return ids["white_id"]
        return ids.get(name, "x")

    return re.sub(r"\{([^}]+)\}", fill, template)


def mutated(endpoint: Any) -> st.SearchStrategy[str]:
    """The endpoint's valid example with one to three fields replaced, added or dropped."""
    base = REQUEST_EXAMPLES.get(f"{endpoint.method} {endpoint.path}", {})
    names = st.sampled_from(sorted(base) or FIELD_NAMES) | st.sampled_from(FIELD_NAMES)
    edits = st.lists(st.tuples(names, json_values | st.just(...)), min_size=1, max_size=3)

    def apply(changes: list[tuple[str, Any]]) -> str:
        body = dict(base)
        for name, value in changes:
            if value is ...:
                body.pop(name, None)
            else:
                body[name] = value
        return json.dumps(body)

    return edits.map(apply)


@settings(max_examples=100, deadline=None, suppress_health_check=list(HealthCheck))
@given(
    endpoint=st.sampled_from(WRITE_ENDPOINTS),
    data=st.data(),
    junk_id=st.none() | st.none() | st.text(max_size=12),
    content_type=st.sampled_from(["application/json", "text/plain", None]),
)
def test_random_bodies_never_cause_a_500(
    live: tuple[asyncio.AbstractEventLoop, httpx.AsyncClient, dict[str, str]],
    endpoint: Any,
    data: st.DataObject,
    junk_id: str | None,
    content_type: str | None,
) -> None:
    loop, client, ids = live
    body = data.draw(mutated(endpoint) | mutated(endpoint) | bodies, label="body")
    headers = {"Content-Type": content_type} if content_type else {}
    path = _path(endpoint.path, ids, junk_id)
    response = loop.run_until_complete(
        client.request(endpoint.method, path, content=body, headers=headers)
    )
    assert response.status_code < 500, (endpoint.method, path, body, response.text)
    envelope = response.json()
    assert isinstance(envelope["success"], bool)
    if not envelope["success"]:
        assert set(envelope["error"]) == {"code", "message"}


NASTY_VALUES: list[Any] = [
    "lone \ud800 surrogate",
    "x" * 5000,
    "nul\x00byte",
    "",
    -1,
    2**64,
    1.5,
    True,
    None,
    [],
    {},
    ["\ud800"],
]


def test_every_field_of_every_example_survives_nasty_values(
    live: tuple[asyncio.AbstractEventLoop, httpx.AsyncClient, dict[str, str]],
) -> None:
    """Exhaustive complement to the random test: each field of each request example, replaced."""
    loop, client, ids = live

    async def run() -> list[tuple[str, str, Any, int]]:
        failures = []
        for endpoint in WRITE_ENDPOINTS:
            base = REQUEST_EXAMPLES.get(f"{endpoint.method} {endpoint.path}", {})
            path = _path(endpoint.path, ids, None)
            for name in base:
                for value in NASTY_VALUES:
                    body = json.dumps({**base, name: value})
                    response = await client.request(endpoint.method, path, content=body)
                    if response.status_code >= 500:
                        failures.append((endpoint.path, name, value, response.status_code))
        return failures

    assert loop.run_until_complete(run()) == []
