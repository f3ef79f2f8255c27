"""Sandbox over real HTTP: account, countries, numbers purchase/list/get and the error paths."""

from __future__ import annotations

from decimal import Decimal

from tests.fakes.sandbox_fixture import BUY_SE, RunningSandbox, error_code


async def test_account_shows_play_money_and_masked_email(sandbox: RunningSandbox) -> None:
    key = sandbox.create_key(balance="150.50", email="user@example.com")
    async with sandbox.client(key) as api:
        body = (await api.get("/account")).json()
    assert body["success"] is True
    assert body["data"]["balance"] == 150.5
    assert body["data"]["email"] == "u***@example.com"
    assert body["data"]["is_team_member"] is False


async def test_unknown_or_missing_key_is_401(sandbox: RunningSandbox) -> None:
    async with sandbox.client("pk_nope") as api:
        response = await api.get("/account")
    assert response.status_code == 401 and error_code(response) == "UNAUTHORIZED"
    async with sandbox.client() as api:
        assert (await api.get("/numbers")).status_code == 401


async def test_revoked_key_is_401(sandbox: RunningSandbox, sandbox_key: str) -> None:
    sandbox.revoke_key(sandbox_key)
    async with sandbox.client(sandbox_key) as api:
        assert (await api.get("/account")).status_code == 401


async def test_countries_include_plan_discount_and_sms_capabilities(
    sandbox: RunningSandbox, sandbox_key: str
) -> None:
    async with sandbox.client(sandbox_key) as api:
        countries = {
            c["country_code"]: c for c in (await api.get("/numbers/countries")).json()["data"]
        }
    assert {"SE", "GB", "US", "DE", "NL", "CA"} <= countries.keys()
    assert countries["SE"]["price_per_month"] < countries["SE"]["base_price"]
    assert countries["US"]["can_send_sms"] is False and countries["US"]["sms_send_price"] is None
    assert countries["GB"]["sms_send_price"] == 0.2


async def test_purchase_charges_exactly_and_lists_the_number(
    sandbox: RunningSandbox, sandbox_key: str
) -> None:
    async with sandbox.client(sandbox_key) as api:
        response = await api.post("/numbers/purchase", json={**BUY_SE, "duration_months": 3})
        assert response.status_code == 200
        body = response.json()
        # irregular envelope: cost and numbers at the top level
        assert body["cost"] == 12.0 and "data" not in body
        bought = body["numbers"][0]
        listed = (await api.get("/numbers", params={"country": "SE", "status": "active"})).json()
        one = (await api.get(f"/numbers/{bought['piv_num_id']}")).json()["data"]
    assert sandbox.balance(sandbox_key) == Decimal("88.00")
    assert listed["data"]["pagination"] == {"total": 1, "limit": 50, "offset": 0}
    assert listed["data"]["numbers"][0]["piv_num_id"] == bought["piv_num_id"]
    assert one["custom_name"] == "Office" and one["status"] == "active"
    assert one["expires_at"] == "2026-07-30T10:00:00Z"
    assert sandbox.calls(sandbox_key, "POST", "/numbers/purchase") == 1
    assert sandbox.calls(sandbox_key, "GET", "/numbers/{piv_num_id}") == 1
    assert [n.piv_num_id for n in sandbox.numbers(sandbox_key)] == [bought["piv_num_id"]]


async def test_list_search_and_paging(sandbox: RunningSandbox, sandbox_key: str) -> None:
    for name in ("alpha", "beta", "alphabet"):
        sandbox.add_number(sandbox_key, "GB", custom_name=name)
    async with sandbox.client(sandbox_key) as api:
        found = (await api.get("/numbers", params={"search": "ALPHA"})).json()["data"]
        paged = (await api.get("/numbers", params={"limit": 2, "offset": 2})).json()["data"]
        bad = await api.get("/numbers", params={"status": "sleeping"})
    assert sorted(n["custom_name"] for n in found["numbers"]) == ["alpha", "alphabet"]
    assert len(paged["numbers"]) == 1 and paged["pagination"]["total"] == 3
    assert bad.status_code == 400 and "status" in bad.json()["error"]["message"]


async def test_insufficient_balance_names_required_and_available(
    sandbox: RunningSandbox,
) -> None:
    key = sandbox.create_key(balance="1.20")
    async with sandbox.client(key) as api:
        response = await api.post("/numbers/purchase", json=BUY_SE)
    assert response.status_code == 402
    assert response.json()["error"] == {
        "code": "INSUFFICIENT_BALANCE",
        "message": "Not enough balance: required $4.00, available $1.20",
    }
    assert sandbox.balance(key) == Decimal("1.20") and sandbox.numbers(key) == []


async def test_country_errors(sandbox: RunningSandbox, sandbox_key: str) -> None:
    async with sandbox.client(sandbox_key) as api:
        unknown = await api.post("/numbers/purchase", json={**BUY_SE, "country_code": "ZZ"})
        sold_out = await api.post("/numbers/purchase", json={**BUY_SE, "country_code": "FR"})
        sandbox.set_stock("GB", 0)
        now_empty = await api.post("/numbers/purchase", json={**BUY_SE, "country_code": "GB"})
    assert error_code(unknown) == "COUNTRY_NOT_AVAILABLE" and unknown.status_code == 400
    assert error_code(sold_out) == "NO_NUMBERS_AVAILABLE"
    assert error_code(now_empty) == "NO_NUMBERS_AVAILABLE"
    assert sandbox.balance(sandbox_key) == Decimal("100.00")


async def test_validation_error_names_the_field(sandbox: RunningSandbox, sandbox_key: str) -> None:
    async with sandbox.client(sandbox_key) as api:
        as_string = await api.post("/numbers/purchase", json={**BUY_SE, "duration_months": "1"})
        as_bool = await api.post("/numbers/purchase", json={**BUY_SE, "duration_months": True})
        missing = await api.post("/numbers/purchase", json={"country_code": "SE"})
        not_object = await api.post("/numbers/purchase", json=[1, 2])
        malformed = await api.post("/numbers/purchase", content=b"{nope")
    for response in (as_string, as_bool, missing, not_object, malformed):
        assert response.status_code == 400 and error_code(response) == "VALIDATION_ERROR"
    assert "duration_months" in as_string.json()["error"]["message"]
    assert "duration_months" in missing.json()["error"]["message"]


async def test_someone_elses_number_is_not_found(sandbox: RunningSandbox, sandbox_key: str) -> None:
    theirs = sandbox.add_number(sandbox.create_key())
    async with sandbox.client(sandbox_key) as api:
        response = await api.get(f"/numbers/{theirs.piv_num_id}")
    assert response.status_code == 404 and error_code(response) == "NUMBER_NOT_FOUND"


async def test_missing_scope_is_insufficient_permissions(sandbox: RunningSandbox) -> None:
    key = sandbox.create_key(scopes={"numbers:read", "account:read"})
    async with sandbox.client(key) as api:
        read = await api.get("/numbers")
        buy = await api.post("/numbers/purchase", json=BUY_SE)
    assert read.status_code == 200
    assert buy.status_code == 403 and error_code(buy) == "INSUFFICIENT_PERMISSIONS"
    assert sandbox.balance(key) == Decimal("100.00")


async def test_team_keys_share_one_account(sandbox: RunningSandbox) -> None:
    lead = sandbox.create_key(team_id="team-1", balance="50.00")
    member = sandbox.create_key(team_id="team-1", scopes={"numbers:read", "account:read"})
    async with sandbox.client(lead) as api:
        bought = (await api.post("/numbers/purchase", json=BUY_SE)).json()["numbers"][0]
    async with sandbox.client(member) as api:
        account = (await api.get("/account")).json()["data"]
        seen = await api.get(f"/numbers/{bought['piv_num_id']}")
        refused = await api.post("/numbers/purchase", json=BUY_SE)
    assert account["team_id"] == "team-1" and account["is_team_member"] is True
    assert account["balance"] == 46.0 and seen.status_code == 200
    assert error_code(refused) == "INSUFFICIENT_PERMISSIONS"


async def test_unknown_path_method_and_huge_body(sandbox: RunningSandbox, sandbox_key: str) -> None:
    async with sandbox.client(sandbox_key) as api:
        unknown = await api.get("/nothing/here")
        wrong_method = await api.delete("/numbers/purchase")
        huge = await api.post("/numbers/purchase", content=b" " * (2 * 1024 * 1024))
    assert unknown.status_code == 404 and error_code(unknown) == "NOT_FOUND"
    assert wrong_method.status_code == 405 and error_code(wrong_method) == "METHOD_NOT_ALLOWED"
    assert huge.status_code == 413 and error_code(huge) == "PAYLOAD_TOO_LARGE"
