"""`python -m bot` as a real process, for the process-level tests (test_runner_process,
test_installed_package): a loopback Bot API (`fake_bot_api`) and the `sandbox` stand in for
Telegram and piv.day.

    port = free_port()
    proc = await start_bot(cwd, bot_env(data_dir, fake_bot_api, sandbox.url, port))
    try:
        fake_bot_api.push_text("/start")
        await wait_while_running(proc, lambda: "sendMessage" in fake_bot_api.methods())
        assert await healthz(port) == 200
        rc, stdout, stderr = await stop(proc)  # SIGTERM, then wait
    finally:
        await kill_on_failure(proc)
"""

from __future__ import annotations

import asyncio
import os
import signal
import socket
import sys
from collections.abc import Callable
from pathlib import Path

from aiohttp import ClientSession

from bot.crypto import KeyRing
from tests.fakes.telegram_fixture import BOT_TOKEN, FakeBotApi


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def bot_env(data_root: Path, api: FakeBotApi, pivday_url: str, http_port: int) -> dict[str, str]:
    """Only what the bot needs: nothing from the developer's environment leaks in."""
    return {
        "PATH": os.environ.get("PATH", ""),
        "BOT_TOKEN": BOT_TOKEN,
        "TELEGRAM_API_URL": api.url,
        "PIVDAY_API_URL": pivday_url,
        "DATABASE_URL": f"sqlite+aiosqlite:///{data_root / 'data' / 'bot.db'}",
        "ENCRYPTION_KEYS": KeyRing.generate_key("proc"),
        "DATA_DIR": str(data_root / "data"),
        "HTTP_HOST": "127.0.0.1",
        "HTTP_PORT": str(http_port),
        "LOG_LEVEL": "INFO",
    }


async def start_bot(
    cwd: Path, env: dict[str, str], *args: str, python: str | Path = sys.executable
) -> asyncio.subprocess.Process:
    """`python -m bot *args` in `cwd`; an empty cwd means no .env is read and locales must be
    found from the package."""
    return await asyncio.create_subprocess_exec(
        str(python),
        "-m",
        "bot",
        *args,
        cwd=cwd,
        env=env,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )


async def wait_while_running(
    proc: asyncio.subprocess.Process, predicate: Callable[[], bool], within: float = 30
) -> None:
    """Poll until `predicate()` holds; a bot that died on the way fails at once, with its stderr."""
    async with asyncio.timeout(within):
        while not predicate():
            if proc.returncode is not None:
                assert proc.stderr is not None
                stderr = (await proc.stderr.read()).decode()
                raise AssertionError(f"the bot exited with {proc.returncode}:\n{stderr}")
            await asyncio.sleep(0.05)


async def healthz(port: int) -> int:
    async with ClientSession() as http, http.get(f"http://127.0.0.1:{port}/healthz") as r:
        return r.status


async def stop(proc: asyncio.subprocess.Process) -> tuple[int, str, str]:
    """SIGTERM, then the exit code and everything the process printed."""
    proc.send_signal(signal.SIGTERM)
    stdout, stderr = await asyncio.wait_for(proc.communicate(), 30)
    assert proc.returncode is not None
    return proc.returncode, stdout.decode(), stderr.decode()


async def kill_on_failure(proc: asyncio.subprocess.Process) -> None:
    if proc.returncode is None:
        proc.kill()
        await proc.wait()
