"""Process level: `python -m bot sandbox` serves, prints a usable demo key, stops on SIGTERM."""

from __future__ import annotations

import asyncio
import re
import signal
import sys
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[1]


async def _read_until(stream: asyncio.StreamReader, pattern: str) -> tuple[re.Match[str], str]:
    seen = ""
    while True:
        line = (await asyncio.wait_for(stream.readline(), timeout=20)).decode()
        assert line, f"process ended before printing {pattern!r}; output so far: {seen}"
        seen += line
        if match := re.search(pattern, line):
            return match, seen


async def test_cli_serves_and_prints_demo_key(tmp_path: Path) -> None:
    proc = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "bot", "sandbox", "--port", "0", "--seed", "3",
        cwd=tmp_path,
        env={"PATH": "/usr/bin:/bin", "HOME": str(tmp_path), "PYTHONPATH": str(ROOT)},
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )  # fmt: skip
    try:
        assert proc.stdout is not None
        url_match, _ = await _read_until(proc.stdout, r"(http://\S+/api/v1)")
        key_match, _ = await _read_until(proc.stdout, r"^demo key: (\S+)$")
        async with httpx.AsyncClient(
            base_url=url_match.group(1), headers={"Authorization": f"Bearer {key_match.group(1)}"}
        ) as api:
            account = (await api.get("/account")).json()["data"]
            bought = await api.post(
                "/numbers/purchase",
                json={"country_code": "GB", "duration_months": 1, "auto_renew": False},
            )
        assert account["balance"] == 1000.0
        assert bought.status_code == 200
    finally:
        proc.send_signal(signal.SIGTERM)
        code = await asyncio.wait_for(proc.wait(), timeout=10)
    assert proc.stderr is not None
    stderr = (await proc.stderr.read()).decode()
    assert code == 0 and "Traceback" not in stderr
