"""The sandbox sells IDNs the way registries do: in punycode, top-level labels included."""

from __future__ import annotations

from decimal import Decimal

from tests.fakes.sandbox_fixture import RunningSandbox

RF = "xn--e1afmkfd.xn--p1ai"  # пример.рф


async def test_idn_with_a_punycode_tld_is_searched_and_registered(
    sandbox: RunningSandbox, sandbox_key: str
) -> None:
    body = {"domain": RF, "period": 2, "cloudflare": True, "auto_renew": False}
    async with sandbox.client(sandbox_key) as api:
        found = (await api.get("/domains/search", params={"q": RF})).json()["data"]
        queued = await api.post("/domains", json=body)
        await sandbox.advance(60)
        status = await api.get(f"/domains/queue/{queued.json()['data']['queue_id']}")
        bad_tld = await api.get("/domains/search", params={"q": "mysite.xn--"})
    assert found == {
        "domain": RF,
        "available": True,
        "create_price": 5.0,
        "renew_price": 6.0,
        "currency": "USD",
    }
    assert queued.status_code == 202
    assert status.json()["data"]["domain"]["domain_name"] == RF
    assert status.json()["data"]["domain"]["status"] == "active"
    assert sandbox.balance(sandbox_key) == Decimal("90.00")
    assert bad_tld.status_code == 400
