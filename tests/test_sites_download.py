"""The archive: a fresh signed link, then the file sent as a document; the link instead when
the file is over the bot's upload limit (or Telegram refuses it); NOT_READY explained on the
card. And the client's file fetch itself: no key to the file host, stops past the limit."""

from __future__ import annotations

import asyncio
import io
import zipfile
from collections.abc import AsyncIterator

import httpx
import pytest
from aiogram.exceptions import TelegramEntityTooLarge
from aiogram.methods import SendChatAction, SendDocument, SendMessage
from aiohttp import web
from sqlalchemy import select

from bot.db.models import Watch
from bot.pivday import PivDayClient
from bot.pivday import errors as pe
from bot.sandbox.server import serve_app
from bot.services import sites as svc
from bot.ui.callbacks import Kind, OpenCallback
from bot.ui.sites import JobCallback, JobOp
from tests.fakes.i18n_fixture import tr
from tests.fakes.sites_flow import start_white
from tests.fakes.telegram_fixture import BotHarness, Call

T = tr("en")


@pytest.fixture
async def h(harness: BotHarness, sandbox_key: str) -> BotHarness:
    await harness.connect_key(1, sandbox_key)
    return harness


async def finished(h: BotHarness, key: str, **fields: str) -> str:
    job = await start_white(h.sandbox, key, name="Shop DE", domain="shop-de.com", **fields)
    await h.sandbox.advance(130)
    await h.press(OpenCallback(kind=Kind.SITE, id=job["id"]).pack())
    return str(job["id"])


def documents(calls: list[Call]) -> list[SendDocument]:
    return [c for c in calls if isinstance(c, SendDocument)]


def messages(calls: list[Call]) -> list[SendMessage]:
    return [c for c in calls if isinstance(c, SendMessage)]


def unzip(data: bytes) -> dict[str, str]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return {name: archive.read(name).decode() for name in archive.namelist()}


async def test_the_archive_arrives_as_a_document(h: BotHarness, sandbox_key: str) -> None:
    await finished(h, sandbox_key)
    calls = await h.tap(T.get("sites-download"))
    assert [a.text for a in h.answers(calls)] == [T.get("sites-archive-preparing")]
    assert any(isinstance(c, SendChatAction) for c in calls)
    [sent] = documents(calls)
    name = sent.document.filename  # type: ignore[union-attr]
    assert name is not None and name.startswith("shop-de.com_") and name.endswith("_DE_de.zip")
    assert sent.caption == T.get("sites-archive-caption", filename=name)
    files = unzip(sent.document.data)  # type: ignore[union-attr]
    assert "<title>Shop DE</title>" in files["index.php"]
    assert "https://shop-de.com/" in files["sitemap.xml"]
    assert messages(calls) == []


async def test_over_the_upload_limit_the_link_is_sent(
    h: BotHarness, sandbox_key: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    await finished(h, sandbox_key)
    monkeypatch.setattr(svc, "UPLOAD_LIMIT", 64)  # the sandbox's archive is a few hundred bytes
    calls = await h.tap(T.get("sites-download"))
    assert documents(calls) == []
    [link] = messages(calls)
    body = link.text or ""
    assert body.startswith(T.get("sites-archive-too-large", limit=0))
    assert "about 5 minutes" in body
    url = body.split('href="')[1].split('"')[0].replace("&amp;", "&")
    async with httpx.AsyncClient() as http:  # the link itself works, without any key
        got = await http.get(url)
    assert got.status_code == 200 and "index.php" in unzip(got.content)


async def test_an_upload_telegram_refuses_becomes_the_link(h: BotHarness, sandbox_key: str) -> None:
    await finished(h, sandbox_key)
    refusal = TelegramEntityTooLarge(SendDocument, "Request Entity Too Large")  # type: ignore[arg-type]
    h.session.fail_next(SendDocument, refusal)
    calls = await h.tap(T.get("sites-download"))
    [link] = messages(calls)
    assert (link.text or "").startswith(T.get("sites-archive-too-large", limit=50))


async def test_not_ready_is_explained_on_the_card(h: BotHarness, sandbox_key: str) -> None:
    job = await start_white(h.sandbox, sandbox_key, name="Early")
    await h.press(OpenCallback(kind=Kind.SITE, id=job["id"]).pack())
    # A Download button from an older card (the job was regenerated? a forged one?).
    calls = await h.press(JobCallback(op=JobOp.DOWNLOAD, id=job["id"]).pack())
    assert documents(calls) == []
    assert T.get("sites-not-ready") in (h.last_text() or "")
    async with h.sessionmaker() as session:
        assert len((await session.scalars(select(Watch))).all()) == 1  # and it is followed


async def test_no_archive_for_a_failed_job(h: BotHarness, sandbox_key: str) -> None:
    job = await start_white(h.sandbox, sandbox_key, name="Broken", niche="fail")
    await h.sandbox.advance(130)
    await h.press(JobCallback(op=JobOp.DOWNLOAD, id=job["id"]).pack())
    assert T.get("sites-not-ready-failed") in (h.last_text() or "")


# --- the client's fetch ---------------------------------------------------------------------


class FileHost:
    def __init__(self) -> None:
        self.headers: list[dict[str, str]] = []
        self.sent = 0

    async def small(self, request: web.Request) -> web.Response:
        self.headers.append(dict(request.headers))
        return web.Response(body=b"x" * 300)

    async def declared_big(self, request: web.Request) -> web.StreamResponse:
        response = web.StreamResponse()
        response.content_length = 10**9
        await response.prepare(request)
        try:
            for _ in range(100):
                await response.write(b"x" * 65536)
                self.sent += 65536
                await asyncio.sleep(0)
        except (ConnectionError, RuntimeError):
            pass
        return response

    async def chunked(self, request: web.Request) -> web.StreamResponse:
        response = web.StreamResponse()
        response.enable_chunked_encoding()
        await response.prepare(request)
        try:
            for _ in range(10):
                await response.write(b"y" * 1000)
        except (ConnectionError, RuntimeError):
            pass
        return response


@pytest.fixture
async def file_host() -> AsyncIterator[tuple[FileHost, str]]:
    host = FileHost()
    app = web.Application()
    app.router.add_get("/small.zip", host.small)
    app.router.add_get("/big.zip", host.declared_big)
    app.router.add_get("/chunked.zip", host.chunked)
    runner, root = await serve_app(app)
    try:
        yield host, root
    finally:
        await runner.cleanup()


async def test_fetch_sends_no_key_and_stops_past_the_limit(
    file_host: tuple[FileHost, str],
) -> None:
    host, root = file_host
    async with PivDayClient("pk_live_secret_key_123", base_url=root) as client:
        assert await client.fetch_file(f"{root}/small.zip", max_bytes=300) == b"x" * 300
        assert await client.fetch_file(f"{root}/small.zip", max_bytes=299) is None
        assert await client.fetch_file(f"{root}/big.zip", max_bytes=1000) is None
        assert await client.fetch_file(f"{root}/chunked.zip", max_bytes=2500) is None
        assert await client.fetch_file(f"{root}/chunked.zip", max_bytes=10_000) == b"y" * 10_000
        with pytest.raises(pe.PivDayBadResponseError):
            await client.fetch_file(f"{root}/missing.zip", max_bytes=10)
        with pytest.raises(pe.PivDayBadResponseError):
            await client.fetch_file("file:///etc/passwd", max_bytes=10)
    assert all("Authorization" not in headers for headers in host.headers)
    assert len(host.headers) == 2
    assert host.sent < 10**8  # the declared gigabyte was never read
