"""Whites: prices, status codes 0 → 1 → 10 (or -1 with refund), NOT_READY, short-lived downloads."""

from __future__ import annotations

import io
import zipfile
from decimal import Decimal

import httpx

from tests.fakes.sandbox_fixture import RunningSandbox, error_code, events

BASE = {"name": "Shop", "tier_key": "v2_tier1", "niche": "Bikes", "country": "DE", "language": "de"}


async def test_white_lifecycle_download_and_config(
    sandbox: RunningSandbox, sandbox_key: str
) -> None:
    async with sandbox.client(sandbox_key) as api:
        created = (await api.post("/whites", json={**BASE, "domain": "bikes.de"})).json()["data"]
        path = f"/whites/{created['white']['id']}"
        assert created["status"] == "queued" and created["white"]["status"] == 0
        early = await api.get(f"{path}/download")
        early_config = await api.post(f"{path}/config", json={"company": "X"})
        await sandbox.advance(15)
        assert (await api.get(path)).json()["data"]["white"]["status"] == 1
        await sandbox.advance(120)
        assert (await api.get(path)).json()["data"]["white"]["status"] == 10
        done = (await api.get("/whites", params={"status": "done"})).json()["data"]
        queued = (await api.get("/whites", params={"status": "queued"})).json()["data"]
        link = (await api.get(f"{path}/download", params={"format": "html"})).json()["data"]
        bad_format = await api.get(f"{path}/download", params={"format": "exe"})
        config = await api.post(f"{path}/config", json={"domain": "new-bikes.de", "phone": "+49 1"})
        empty_config = await api.post(f"{path}/config", json={})
    assert early.status_code == 409 and error_code(early) == "NOT_READY"
    assert error_code(early_config) == "NOT_READY"
    assert done["pagination"]["total"] == 1 and queued["pagination"]["total"] == 0
    assert link["format"] == "html" and link["filename"].startswith("bikes.de_2026-05-01_DE_de")
    assert link["expires_at"] == "2026-05-01T10:07:15Z"
    assert error_code(bad_format) == "VALIDATION_ERROR"
    assert config.json()["data"]["white"]["domain"] == "new-bikes.de"
    assert error_code(empty_config) == "VALIDATION_ERROR"
    assert events(sandbox, "white.completed")[0]["tier_key"] == "t1"
    assert sandbox.balance(sandbox_key) == Decimal("97.00")

    async with httpx.AsyncClient() as plain:
        archive = await plain.get(link["url"])
        assert archive.status_code == 200
        assert "index.html" in zipfile.ZipFile(io.BytesIO(archive.content)).namelist()
        await sandbox.advance(301)
        expired = await plain.get(link["url"])
    assert expired.status_code == 410 and expired.json()["success"] is False


async def test_white_prices_tier_rules_and_failure_refund(
    sandbox: RunningSandbox, sandbox_key: str
) -> None:
    full = {
        **BASE,
        "tier_key": "v2_tier3",
        "quality": "premium",
        "languages": ["de", "en", "fr"],
        "blog_count": 8,
        "niche": "will fail",
    }
    async with sandbox.client(sandbox_key) as api:
        tiers = (await api.get("/whites/tiers")).json()["data"]["tiers"]
        created = await api.post("/whites", json=full)
        # 10.00 × 1.5 premium + 2 extra languages × 1.00 + 5 extra articles × 1.50
        assert sandbox.balance(sandbox_key) == Decimal("75.50")
        blog_on_tier1 = await api.post("/whites", json={**BASE, "blog_count": 5})
        bad_tier = await api.post("/whites", json={**BASE, "tier_key": "v9"})
        long_name = await api.post("/whites", json={**BASE, "name": "x" * 21})
        long_niche = await api.post("/whites", json={**BASE, "niche": "x" * 26})
        bad_filter = await api.get("/whites", params={"status": "10"})
        await sandbox.advance(200)
        failed = (await api.get("/whites", params={"status": "failed"})).json()["data"]["whites"]
        retry = await api.get(f"/whites/{created.json()['data']['white']['id']}/download")
    assert [t["price"] for t in tiers] == [3.0, 6.0, 10.0]
    assert error_code(blog_on_tier1) == "VALIDATION_ERROR"
    assert bad_tier.status_code == 400 and error_code(bad_tier) == "INVALID_TIER"
    assert "name" in long_name.json()["error"]["message"]
    assert "niche" in long_niche.json()["error"]["message"]
    assert error_code(bad_filter) == "VALIDATION_ERROR"
    assert [w["status"] for w in failed] == [-1] and error_code(retry) == "NOT_READY"
    assert events(sandbox, "white.failed")[0]["error"] == "Generation failed"
    assert sandbox.balance(sandbox_key) == Decimal("100.00")


async def test_someone_elses_white_is_not_found(sandbox: RunningSandbox, sandbox_key: str) -> None:
    other = sandbox.create_key()
    async with sandbox.client(other) as api:
        white_id = (await api.post("/whites", json=BASE)).json()["data"]["white"]["id"]
    async with sandbox.client(sandbox_key) as api:
        response = await api.get(f"/whites/{white_id}")
    assert response.status_code == 404 and error_code(response) == "NOT_FOUND"
