"""Every example in tests/fixtures/pivday/INDEX.tsv against the sandbox's answer to the same call:
same keys recursively, same JSON types (a null in an example means "nullable"). Covers responses,
errors and all 11 webhook payloads; a new example in INDEX.tsv fails here until it is exercised."""

from __future__ import annotations

import csv
import json
from pathlib import Path
from typing import Any

from tests.fakes.sandbox_fixture import RunningSandbox

FIXTURES = Path(__file__).parent / "fixtures" / "pivday"


def example(name: str) -> Any:
    return json.loads((FIXTURES / name).read_text())


def index_rows() -> list[dict[str, str]]:
    with (FIXTURES / "INDEX.tsv").open() as handle:
        return list(csv.DictReader(handle, delimiter="\t"))


def _kind(value: Any) -> str:
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int | float):
        return "number"
    return {str: "string", list: "array", dict: "object", type(None): "null"}[type(value)]


# Fields the spec's tables document as nullable although the example shows a value.
DOCUMENTED_NULLABLE = {"sms_send_price"}


def shape_mismatches(expected: Any, actual: Any, path: str = "$") -> list[str]:
    if expected is None:  # nullable in the spec; any type may stand there
        return []
    if actual is None and path.rsplit(".", 1)[-1] in DOCUMENTED_NULLABLE:
        return []
    if _kind(expected) != _kind(actual):
        return [f"{path}: expected {_kind(expected)}, got {_kind(actual)}"]
    problems: list[str] = []
    if isinstance(expected, dict):
        missing, extra = expected.keys() - actual.keys(), actual.keys() - expected.keys()
        problems += [f"{path}.{k}: missing" for k in sorted(missing)]
        problems += [f"{path}.{k}: unexpected" for k in sorted(extra)]
        for k in expected.keys() & actual.keys():
            problems += shape_mismatches(expected[k], actual[k], f"{path}.{k}")
    elif isinstance(expected, list) and expected:
        if not actual:
            return [f"{path}: expected a non-empty array"]
        for i, item in enumerate(actual):
            problems += shape_mismatches(expected[0], item, f"{path}[{i}]")
    return problems


def test_shape_comparison_catches_differences() -> None:
    assert shape_mismatches({"a": 1, "b": [{"c": "x"}]}, {"a": 2.5, "b": [{"c": "y"}]}) == []
    assert shape_mismatches({"a": 1}, {"a": "1"}) == ["$.a: expected number, got string"]
    assert shape_mismatches({"a": 1}, {"a": 1, "z": 0}) == ["$.z: unexpected"]
    assert shape_mismatches({"a": [1]}, {"a": []}) == ["$.a: expected a non-empty array"]
    assert shape_mismatches({"a": True}, {"a": 1}) == ["$.a: expected boolean, got number"]


async def test_every_example_has_the_sandboxes_shape(sandbox: RunningSandbox) -> None:
    sb = sandbox.sandbox
    key = sandbox.create_key(balance="1000.00")
    answers: dict[str, Any] = {}  # example file → sandbox JSON

    async with sandbox.client(key) as api:

        async def call(method: str, path: str, expect: int = 200, **kw: Any) -> Any:
            response = await api.request(method, path, **kw)
            assert response.status_code == expect, (method, path, response.text)
            return response.json()

        # -- things that must age first: an expiring number and proxy order --------------------
        old = sandbox.add_number(key, "SE")
        failing = sandbox.add_number(key, "SE")
        sb.restore_failures.add(failing.piv_num_id)
        old_order = (
            await call("POST", "/proxy/purchase", json=example("proxy-buy-proxies.request.json"))
        )["data"]["order"]
        await sandbox.advance(32 * 86400)  # both expire; proxy.expires_soon fires on the way

        restore_body = {"piv_num_ids": [old.piv_num_id, failing.piv_num_id]}
        answers["numbers-restore-expired-numbers.response.200-ok.json"] = await call(
            "POST", "/numbers/restore", json=restore_body
        )
        answers["proxy-restore-expired-order.response.200-ok.json"] = await call(
            "POST", f"/proxy/orders/{old_order['id']}/restore"
        )

        # -- account and numbers ---------------------------------------------------------------
        answers["getting-started-account.response.json"] = await call("GET", "/account")
        answers["numbers-countries-and-prices.response.200-ok.json"] = await call(
            "GET", "/numbers/countries"
        )
        bought = await call(
            "POST", "/numbers/purchase", json=example("numbers-buy-a-number.request.json")
        )
        answers["numbers-buy-a-number.response.200-ok.json"] = bought
        num_id = bought["numbers"][0]["piv_num_id"]
        sb.numbers_by_id[num_id].tags = ["support"]
        answers["numbers-list-numbers.response.200-ok.json"] = await call(
            "GET", "/numbers", params={"country": "SE", "status": "active", "limit": 10}
        )
        answers["numbers-get-one-number.response.200-ok.json"] = await call(
            "GET", f"/numbers/{num_id}"
        )
        answers["numbers-renew-a-number.response.200-ok.json"] = await call(
            "POST", f"/numbers/{num_id}/renew", json=example("numbers-renew-a-number.request.json")
        )
        sb.numbers_by_id[num_id].tags = []
        answers["numbers-update-a-number.response.200-ok.json"] = await call(
            "PATCH", f"/numbers/{num_id}", json=example("numbers-update-a-number.request.json")
        )
        answers["numbers-auto-renewal-toggle.response.200-ok.json"] = await call(
            "PATCH",
            f"/numbers/{num_id}/auto-renewal",
            json=example("numbers-auto-renewal-toggle.request.json"),
        )
        answers["numbers-send-sms.response.200-ok.json"] = await call(
            "POST", f"/numbers/{num_id}/sms/send", json=example("numbers-send-sms.request.json")
        )
        await sandbox.deliver_sms(num_id, "+14155551234", "Your verification code is 123456")
        answers["numbers-sms-history.response.200-ok.json"] = await call(
            "GET", f"/numbers/{num_id}/sms", params={"limit": 20}
        )
        answers["numbers-run-google-qr-verification.response.202-accepted.json"] = await call(
            "POST",
            f"/numbers/{num_id}/verify",
            202,
            json=example("numbers-run-google-qr-verification.request.json"),
        )
        await call(
            "POST", f"/numbers/{num_id}/verify", 202, json={"gv_url": "https://g.co/timeout"}
        )

        # -- proxies -----------------------------------------------------------------------------
        answers["proxy-list-servers.response.200-ok.json"] = await call("GET", "/proxy/servers")
        order = await call(
            "POST", "/proxy/purchase", json=example("proxy-buy-proxies.request.json")
        )
        answers["proxy-buy-proxies.response.200-ok.json"] = order
        order_id = order["data"]["order"]["id"]
        answers["proxy-list-orders.response.200-ok.json"] = await call(
            "GET", "/proxy/orders", params={"status": "active", "limit": 20}
        )
        answers["proxy-get-one-order.response.200-ok.json"] = await call(
            "GET", f"/proxy/orders/{order_id}"
        )
        answers["proxy-renew-an-order.response.200-ok.json"] = await call(
            "POST",
            f"/proxy/orders/{order_id}/renew",
            json=example("proxy-renew-an-order.request.json"),
        )
        answers["proxy-export-proxies.response.200-ok.json"] = await call(
            "GET", f"/proxy/orders/{order_id}/export", params={"format": "socks5"}
        )

        # -- domains -----------------------------------------------------------------------------
        answers["domains-availability-check.response.200-ok.json"] = await call(
            "GET", "/domains/search", params={"q": "mysite.com"}
        )
        registered = await call(
            "POST",
            "/domains",
            202,
            json=example("domains-register-a-domain.request.cloudflare-on.json"),
        )
        answers["domains-register-a-domain.response.202-accepted.json"] = registered
        queue_id, dom_id = registered["data"]["queue_id"], registered["data"]["domain"]["id"]
        answers["domains-registration-queue-status.response.pending-processing.json"] = await call(
            "GET", f"/domains/queue/{queue_id}"
        )
        own_ns = {
            **example("domains-register-a-domain.request.cloudflare-off-own-ns.json"),
            "domain": "othersite.com",
        }
        ns_dom_id = (await call("POST", "/domains", 202, json=own_ns))["data"]["domain"]["id"]
        await call(
            "POST", "/domains", 202, json={**own_ns, "domain": "willfail-shop.com"}
        )  # fails in the queue: domain.failed
        # -- whites (queued now, done after the same wait) --------------------------------------
        answers["whites-list-tiers.response.200-ok.json"] = await call("GET", "/whites/tiers")
        white = await call("POST", "/whites", json=example("whites-start-generation.request.json"))
        answers["whites-start-generation.response.200-ok.json"] = white
        white_id = white["data"]["white"]["id"]
        failing_white = {**example("whites-start-generation.request.json"), "niche": "fail please"}
        await call("POST", "/whites", json=failing_white)

        await sandbox.advance(300)  # queues, jobs, SMS statuses and verifies all finish

        answers["domains-registration-queue-status.response.completed-full-card.json"] = await call(
            "GET", f"/domains/queue/{queue_id}"
        )
        answers["domains-list-domains.response.200-ok.json"] = await call(
            "GET", "/domains", params={"status": "active", "limit": 20, "cloudflare": "true"}
        )
        answers["domains-get-one-domain.response.200-ok.json"] = await call(
            "GET", f"/domains/{dom_id}"
        )
        answers["domains-renew-domain.response.202-accepted.json"] = await call(
            "POST",
            f"/domains/{dom_id}/renew",
            202,
            json=example("domains-renew-domain.request.json"),
        )
        answers["domains-auto-renew-toggle.response.200-ok.json"] = await call(
            "POST",
            f"/domains/{dom_id}/auto-renew",
            json=example("domains-auto-renew-toggle.request.json"),
        )
        answers["domains-dns-records.response.200-ok.json"] = await call(
            "GET", f"/domains/{dom_id}/dns"
        )
        added = await call(
            "POST",
            f"/domains/{dom_id}/dns",
            201,
            json=example("domains-add-dns-record.request.json"),
        )
        answers["domains-add-dns-record.response.201-created.json"] = added
        record_id = added["data"]["record"]["id"]
        updated = await call(
            "PUT",
            f"/domains/{dom_id}/dns/{record_id}",
            json=example("domains-update-dns-record.request.json"),
        )
        assert updated["data"]["record"]["content"] == "5.6.7.8"
        answers["domains-enable-cloudflare.response.200-ok.json"] = await call(
            "POST",
            f"/domains/{dom_id}/cloudflare",
            json=example("domains-enable-cloudflare.request.json"),
        )
        answers["domains-set-nameservers.response.200-ok.json"] = await call(
            "POST",
            f"/domains/{ns_dom_id}/ns-servers",
            json=example("domains-set-nameservers.request.json"),
        )

        answers["whites-list-whites.response.200-ok.json"] = await call(
            "GET", "/whites", params={"status": "done", "limit": 20}
        )
        answers["whites-get-one-white.response.200-ok.json"] = await call(
            "GET", f"/whites/{white_id}"
        )
        answers["whites-download-archive.response.200-ok.json"] = await call(
            "GET", f"/whites/{white_id}/download", params={"format": "php"}
        )
        await call(
            "POST",
            f"/whites/{white_id}/config",
            json=example("whites-swap-domain-and-contacts.request.json"),
        )

        await sandbox.advance(400 * 86400)  # expiry warnings for the domains

    poor = sandbox.create_key(balance="1.20")
    async with sandbox.client(poor) as api:
        response = await api.post(
            "/numbers/purchase", json=example("numbers-buy-a-number.request.json")
        )
        assert response.status_code == 402
        answers["errors-insufficient-balance.response.json"] = response.json()
        for _ in range(sb.rate_limit):
            await api.get("/account")
        response = await api.get("/account")
        assert response.status_code == 429 and int(response.headers["Retry-After"]) >= 1
        answers["errors-rate-limited.response.json"] = response.json()

    for delivery in sb.webhook_log:
        name = f"event-{delivery.event_type.replace('.', '-').replace('_', '-')}.payload.json"
        answers.setdefault(name, delivery.payload)

    checked, problems = [], {}
    for row in index_rows():
        if row["kind"] == "request":
            continue
        assert row["file"] in answers, f"no sandbox answer for {row['file']} ({row['endpoint']})"
        found = shape_mismatches(example(row["file"]), answers[row["file"]])
        if found:
            problems[row["file"]] = found
        checked.append(row["file"])
    assert problems == {}
    assert len(checked) == 49  # 36 endpoint responses + 11 events + 2 errors
