"""`python -m bot` as a real process for process-level tests: its environment (nothing from the
developer's leaks in), starting it in an empty directory, stopping it with SIGTERM, and killing
it when a test failed half-way."""

from __future__ import annotations

import asyncio
import os
import signal
import socket
import sys
from pathlib import Path

from bot.crypto import KeyRing
from tests.fakes.telegram_fixture import BOT_TOKEN


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def bot_env(
    tmp_path: Path, telegram_url: str, pivday_url: str, http_port: int, **extra: str
) -> dict[str, str]:
    return {
        "PATH": os.environ.get("PATH", ""),
        "BOT_TOKEN": BOT_TOKEN,
        "TELEGRAM_API_URL": telegram_url,
        "PIVDAY_API_URL": pivday_url,
        "DATABASE_URL": f"sqlite+aiosqlite:///{tmp_path / 'data' / 'bot.db'}",
        "ENCRYPTION_KEYS": KeyRing.generate_key("proc"),
        "DATA_DIR": str(tmp_path / "data"),
        "HTTP_HOST": "127.0.0.1",
        "HTTP_PORT": str(http_port),
        "LOG_LEVEL": "INFO",
        **extra,
    }


async def start_bot(tmp_path: Path, env: dict[str, str], *args: str) -> asyncio.subprocess.Process:
    # cwd is an empty directory: no .env is read, and locales must be found from the package.
    return await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "bot",
        *args,
        cwd=tmp_path,
        env=env,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )


async def stop_bot(proc: asyncio.subprocess.Process) -> tuple[int, str, str]:
    """SIGTERM, then wait for the exit; (returncode, stdout, stderr)."""
    proc.send_signal(signal.SIGTERM)
    stdout, stderr = await asyncio.wait_for(proc.communicate(), 30)
    assert proc.returncode is not None
    return proc.returncode, stdout.decode(), stderr.decode()


async def kill_bot(proc: asyncio.subprocess.Process) -> None:
    """SIGKILL (no goodbye) unless it has already exited."""
    if proc.returncode is None:
        proc.kill()
        await proc.wait()
