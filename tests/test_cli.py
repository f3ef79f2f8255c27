import subprocess
import sys


def test_run_without_token_says_how_to_get_one(tmp_path):
    env = {"PATH": "/usr/bin:/bin", "HOME": str(tmp_path)}
    proc = subprocess.run(
        [sys.executable, "-m", "bot"],
        cwd=tmp_path,
        env=env | {"PYTHONPATH": _root()},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert proc.returncode == 2
    assert "BotFather" in proc.stderr
    assert "Traceback" not in proc.stderr


def _root() -> str:
    from pathlib import Path

    return str(Path(__file__).resolve().parents[1])
