"""Proxies (credentials, exports, renew/restore, expiry warning) and domains (queue, failure refund,
Cloudflare/nameserver rules, DNS CRUD, expiry warning) over real HTTP."""

from __future__ import annotations

from decimal import Decimal

from tests.fakes.sandbox_fixture import RunningSandbox, error_code, events

DE_SERVER = "a1b2c3d4-e5f6-7890-abcd-ef1234567890"
RETIRED_SERVER = "d4e5f6a7-b8c9-0123-def0-234567890123"
DAY = 86400
CF_ON = {"domain": "mysite.com", "period": 1, "cloudflare": True, "auto_renew": False}
CF_OFF = {
    "domain": "ownns.com",
    "period": 2,
    "cloudflare": False,
    "auto_renew": False,
    "nameservers": ["ns1.myhost.com", "ns2.myhost.com"],
}


async def test_proxy_purchase_credentials_and_exports(
    sandbox: RunningSandbox, sandbox_key: str
) -> None:
    async with sandbox.client(sandbox_key) as api:
        servers = (await api.get("/proxy/servers")).json()["data"]["servers"]
        order = (
            await api.post(
                "/proxy/purchase", json={"server_id": DE_SERVER, "quantity": 3, "months": 2}
            )
        ).json()["data"]["order"]
        exports = {
            fmt: (
                await api.get(f"/proxy/orders/{order['id']}/export", params={"format": fmt})
            ).json()["data"]
            for fmt in ("socks5", "http", "both")
        }
        default = (await api.get(f"/proxy/orders/{order['id']}/export")).json()["data"]
        full = (await api.get(f"/proxy/orders/{order['id']}")).json()["data"]["order"]
    assert RETIRED_SERVER not in {s["id"] for s in servers}
    assert order["price_total"] == 3.0 and sandbox.balance(sandbox_key) == Decimal("97.00")
    assert order["expires_at"] == "2026-07-01T10:00:00Z"
    item = full["items"][0]
    assert len(full["items"]) == 3 and len({i["ipv6"] for i in full["items"]}) == 3
    assert exports["socks5"]["content"].splitlines()[0] == (
        f"{item['login']}:{item['password']}@{item['host']}:1080"
    )
    assert exports["http"]["content"].splitlines()[0].endswith(":3128")
    assert exports["both"]["count"] == 6 and default["format"] == "socks5"
    assert exports["socks5"]["filename"] == f"piv-day-proxy-{order['id']}-socks5.txt"


async def test_proxy_refusals(sandbox: RunningSandbox) -> None:
    key = sandbox.create_key(balance="1.00")
    async with sandbox.client(key) as api:
        retired = await api.post(
            "/proxy/purchase", json={"server_id": RETIRED_SERVER, "quantity": 1, "months": 1}
        )
        too_many = await api.post(
            "/proxy/purchase", json={"server_id": DE_SERVER, "quantity": 501, "months": 1}
        )
        too_long = await api.post(
            "/proxy/purchase", json={"server_id": DE_SERVER, "quantity": 1, "months": 13}
        )
        broke = await api.post(
            "/proxy/purchase", json={"server_id": DE_SERVER, "quantity": 3, "months": 1}
        )
        missing = await api.get("/proxy/orders/ord-nope")
        bad_format = await api.get("/proxy/orders/ord-nope/export", params={"format": "x"})
    assert retired.status_code == 404 and error_code(retired) == "NOT_FOUND"
    assert "quantity" in too_many.json()["error"]["message"]
    assert "months" in too_long.json()["error"]["message"]
    assert broke.status_code == 402 and error_code(missing) == "NOT_FOUND"
    assert bad_format.status_code in (400, 404)


async def test_proxy_expiry_warning_restore_and_renew(
    sandbox: RunningSandbox, sandbox_key: str
) -> None:
    async with sandbox.client(sandbox_key) as api:
        order = (
            await api.post(
                "/proxy/purchase", json={"server_id": DE_SERVER, "quantity": 10, "months": 1}
            )
        ).json()["data"]["order"]
        path = f"/proxy/orders/{order['id']}"
        not_expired = await api.post(f"{path}/restore")
        await sandbox.advance(29 * DAY)
        (warning,) = events(sandbox, "proxy.expires_soon")
        await sandbox.advance(3 * DAY)
        expired = (await api.get(path)).json()["data"]["order"]
        renew_expired = await api.post(f"{path}/renew", json={"months": 1})
        restored = (await api.post(f"{path}/restore")).json()["data"]
        renewed = (await api.post(f"{path}/renew", json={"months": 2})).json()["data"]
        login_after = (await api.get(path)).json()["data"]["order"]["items"][0]["login"]
    assert error_code(not_expired) == "ORDER_NOT_EXPIRED"
    assert warning == {
        "order_id": order["id"],
        "country": "DE",
        "quantity": 10,
        "expires_at": "2026-06-01T10:00:00Z",
    }
    assert expired["status"] == "expired" and error_code(renew_expired) == "ORDER_EXPIRED"
    assert restored["total_cost"] == 5.0 and restored["expires_at"] == "2026-07-02T10:00:00Z"
    assert renewed["cost"] == 10.0 and renewed["new_expires_at"] == "2026-09-02T10:00:00Z"
    assert login_after == order["items"][0]["login"]
    assert sandbox.balance(sandbox_key) == Decimal("80.00")


async def test_domain_search(sandbox: RunningSandbox, sandbox_key: str) -> None:
    async with sandbox.client(sandbox_key) as api:

        async def search(q: str) -> dict:
            return (await api.get("/domains/search", params={"q": q})).json()["data"]

        free, taken, tld = (
            await search("fresh.io"),
            await search("google.com"),
            await search("x.zz"),
        )
        no_q = await api.get("/domains/search")
    assert free["available"] is True and free["create_price"] == 39.0
    assert taken["available"] is False and tld["available"] is False
    assert error_code(no_q) == "VALIDATION_ERROR" and "q" in no_q.json()["error"]["message"]


async def test_domain_registration_queue_and_dns(sandbox: RunningSandbox, sandbox_key: str) -> None:
    body = {
        **CF_ON,
        "ssl_mode": "full",
        "dns_records": [{"type": "A", "name": "@", "content": "1.2.3.4"}],
    }
    async with sandbox.client(sandbox_key) as api:
        accepted = await api.post("/domains", json=body)
        assert accepted.status_code == 202
        data = accepted.json()["data"]
        queue_path, dom_path = (
            f"/domains/queue/{data['queue_id']}",
            f"/domains/{data['domain']['id']}",
        )
        assert data["domain"]["status"] == "purchasing"
        assert sandbox.balance(sandbox_key) == Decimal("87.50")
        statuses = [(await api.get(queue_path)).json()["data"]["status"]]
        await sandbox.advance(15)
        statuses.append((await api.get(queue_path)).json()["data"]["status"])
        early_dns = await api.get(f"{dom_path}/dns")
        again = await api.post("/domains", json=CF_ON)
        await sandbox.advance(60)
        done = (await api.get(queue_path)).json()["data"]
        assert [*statuses, done["status"]] == ["pending", "processing", "completed"]
        assert done["domain"]["status"] == "active" and "nameservers" not in done["domain"]

        added = await api.post(
            f"{dom_path}/dns",
            json={"type": "MX", "name": "@", "content": "mx.mysite.com", "priority": 10},
        )
        assert added.status_code == 201
        rec_id = added.json()["data"]["record"]["id"]
        put = await api.put(f"{dom_path}/dns/{rec_id}", json={"priority": 20})
        bad_put = await api.put(f"{dom_path}/dns/{rec_id}", json={"ttl": "auto"})
        deleted = await api.delete(f"{dom_path}/dns/{rec_id}")
        missing = await api.delete(f"{dom_path}/dns/{rec_id}")
        records = (await api.get(f"{dom_path}/dns")).json()["data"]["records"]
        bad_type = await api.post(
            f"{dom_path}/dns", json={"type": "BOGUS", "name": "@", "content": "x"}
        )
    assert error_code(early_dns) == "DOMAIN_NOT_ACTIVE"
    assert error_code(again) == "DOMAIN_NOT_AVAILABLE"
    assert (
        put.json()["data"]["record"]["priority"] == 20
        and put.json()["data"]["record"]["type"] == "MX"
    )
    assert error_code(bad_put) == "VALIDATION_ERROR" and deleted.status_code == 200
    assert missing.status_code == 404
    assert [(r["type"], r["content"]) for r in records] == [("A", "1.2.3.4")]
    assert error_code(bad_type) == "VALIDATION_ERROR"
    (registered,) = events(sandbox, "domain.registered")
    assert registered["cloudflare_enabled"] is True
    assert registered["expires_at"] == "2027-05-01T10:01:00Z"


async def test_cloudflare_and_nameserver_rules(sandbox: RunningSandbox, sandbox_key: str) -> None:
    async with sandbox.client(sandbox_key) as api:

        async def register(**overrides: object) -> tuple[int, dict]:
            response = await api.post("/domains", json={**CF_OFF, **overrides})
            return response.status_code, response.json()

        refusals = {
            "one ns": await register(nameservers=["ns1.a.com"]),
            "no ns": await register(nameservers=None),
            "ssl without cf": await register(ssl_mode="full"),
            "records without cf": await register(
                dns_records=[{"type": "A", "name": "@", "content": "1.1.1.1"}]
            ),
            "ns with cf": await register(cloudflare=True),
            "period 11": await register(period=11),
            "bad ssl": await register(cloudflare=True, nameservers=None, ssl_mode="tight"),
        }
        for name, (status, body) in refusals.items():
            assert status == 400 and body["error"]["code"] == "VALIDATION_ERROR", name
        status, body = await register()
        assert status == 202
        dom_path = f"/domains/{body['data']['domain']['id']}"
        await sandbox.advance(70)
        card = (await api.get(dom_path)).json()["data"]["domain"]
        assert card["nameservers"] == ["ns1.myhost.com", "ns2.myhost.com"]
        assert card["expires_at"] == "2028-05-01T10:01:00Z"
        no_dns = await api.get(f"{dom_path}/dns")
        ns = await api.post(
            f"{dom_path}/ns-servers", json={"nameservers": ["ns1.x.com", "ns2.x.com", "ns3.x.com"]}
        )
        one_ns = await api.post(f"{dom_path}/ns-servers", json={"nameservers": ["ns1.x.com"]})
        cf_off = await api.post(f"{dom_path}/cloudflare", json={"enabled": False})
        cf = await api.post(f"{dom_path}/cloudflare", json={"enabled": True})
        ns_with_cf = await api.post(
            f"{dom_path}/ns-servers", json={"nameservers": ["ns1.x.com", "ns2.x.com"]}
        )
        card_cf = (await api.get(dom_path)).json()["data"]["domain"]
    assert error_code(no_dns) == "CLOUDFLARE_NOT_ENABLED"
    assert [n["order_index"] for n in ns.json()["data"]["nameservers"]] == [1, 2, 3]
    assert error_code(one_ns) == "VALIDATION_ERROR" and error_code(cf_off) == "VALIDATION_ERROR"
    assert (
        cf.json()["data"]["ssl_mode"] == "flexible" and error_code(ns_with_cf) == "VALIDATION_ERROR"
    )
    assert card_cf["cloudflare_enabled"] is True and "nameservers" not in card_cf
    assert sandbox.balance(sandbox_key) == Decimal("75.00")


async def test_failed_registration_refunds_and_renewal_extends(
    sandbox: RunningSandbox, sandbox_key: str
) -> None:
    async with sandbox.client(sandbox_key) as api:
        failing = (await api.post("/domains", json={**CF_ON, "domain": "willfail.com"})).json()[
            "data"
        ]
        kept = (
            await api.post("/domains", json={**CF_ON, "domain": "kept.xyz", "auto_renew": False})
        ).json()["data"]
        assert sandbox.balance(sandbox_key) == Decimal("85.00")
        await sandbox.advance(60)
        failed_queue = (await api.get(f"/domains/queue/{failing['queue_id']}")).json()["data"]
        gone = await api.get(f"/domains/{failing['domain']['id']}")
        dom_path = f"/domains/{kept['domain']['id']}"
        renew = await api.post(f"{dom_path}/renew", json={"period": 2})
        assert (
            renew.status_code == 202
            and renew.json()["data"]["expires_at"] == "2029-05-01T10:01:00Z"
        )
        await sandbox.advance(60)
        card = (await api.get(dom_path)).json()["data"]["domain"]
        listed = (
            await api.get("/domains", params={"search": "kept", "auto_renew": "false"})
        ).json()["data"]
        toggled = (await api.post(f"{dom_path}/auto-renew", json={"auto_renew": True})).json()[
            "data"
        ]
    assert failed_queue["status"] == "failed" and failed_queue["error"]
    assert gone.status_code == 404
    (failure,) = events(sandbox, "domain.failed")
    assert failure["domain_name"] == "willfail.com"
    assert card["expires_at"] == "2029-05-01T10:01:00Z"
    assert listed["pagination"]["total"] == 1 and toggled == {
        "id": kept["domain"]["id"],
        "auto_renew": True,
    }
    # 100 - 2.50 (xyz) - 2 × 11.00 renew; willfail.com's 12.50 refunded
    assert sandbox.balance(sandbox_key) == Decimal("75.50")


async def test_domain_expiry_warning_and_auto_renew(
    sandbox: RunningSandbox, sandbox_key: str
) -> None:
    async with sandbox.client(sandbox_key) as api:
        manual = (await api.post("/domains", json={**CF_ON, "domain": "manual.de"})).json()["data"]
        auto = (
            await api.post("/domains", json={**CF_ON, "domain": "auto.de", "auto_renew": True})
        ).json()["data"]
        await sandbox.advance(70)
        await sandbox.advance(360 * DAY)
        warned = events(sandbox, "domain.expires_soon")
        await sandbox.advance(10 * DAY)
        manual_card = (await api.get(f"/domains/{manual['domain']['id']}")).json()["data"]["domain"]
        auto_card = (await api.get(f"/domains/{auto['domain']['id']}")).json()["data"]["domain"]
        expired = (await api.get("/domains", params={"status": "expired"})).json()["data"]
    assert sorted((w["domain_name"], w["auto_renew"]) for w in warned) == [
        ("auto.de", True),
        ("manual.de", False),
    ]
    assert manual_card["status"] == "expired" and auto_card["status"] == "active"
    assert auto_card["expires_at"] == "2028-05-01T10:01:00Z"
    assert [d["domain_name"] for d in expired["domains"]] == ["manual.de"]
    assert sandbox.balance(sandbox_key) == Decimal("76.00")  # 2 × 8.00 + 8.00 auto-renewal
