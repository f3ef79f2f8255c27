"""The installed package runs: the Dockerfile's own steps, run here, give a wheel that carries
everything the bot needs; installed into a fresh venv and started from an unrelated directory, the
bot migrates its database, answers /healthz and /start.

The Dockerfile is read, not restated: the build stage's COPY sources make the build directory and
every `RUN pip …` line runs as written. Only where packages come from differs, as this test runs
offline: the build uses this environment's setuptools (no build isolation), and the fresh venv
sees this environment's site-packages as its dependencies (appended to sys.path by a .pth file,
after its own site-packages), so `pip install` finds every requirement already satisfied and
installs the wheel alone. The venv's `bot` is the wheel's copy: the checkout is not on its path.
"""

from __future__ import annotations

import glob
import os
import shlex
import shutil
import subprocess
import sys
import sysconfig
import venv
import zipfile
from dataclasses import dataclass, field
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Any

import pytest

from tests.fakes.process import (
    bot_env,
    free_port,
    healthz,
    kill_on_failure,
    start_bot,
    stop,
    wait_while_running,
)
from tests.fakes.telegram_fixture import FakeBotApi

ROOT = Path(__file__).resolve().parents[1]
MIN_SETUPTOOLS = (70, 1)  # pyproject's build-system requirement: bdist_wheel built in

pytestmark = pytest.mark.timeout(120)


@dataclass
class Stage:
    copies: list[tuple[list[str], str]] = field(default_factory=list)  # from the build context
    pip: list[list[str]] = field(default_factory=list)  # `RUN pip …`: the arguments after `pip`


def dockerfile_stages(text: str) -> list[Stage]:
    """FROM starts a stage; COPY (not --from) and `RUN pip …` lines are what the test repeats."""
    stages: list[Stage] = []
    for line in text.replace("\\\n", " ").splitlines():
        instruction, _, rest = line.strip().partition(" ")
        if instruction == "FROM":
            stages.append(Stage())
        elif instruction == "COPY" and not rest.startswith("--"):
            *sources, destination = rest.split()
            stages[-1].copies.append((sources, destination))
        elif instruction == "RUN" and rest.startswith("pip "):
            args = shlex.split(rest)[1:]
            assert not {"&&", ";", "|"} & set(args), (
                f"a pip command on a RUN line of its own: {rest}"
            )
            stages[-1].pip.append(args)
    return stages


def _copy_context(stage: Stage, workdir: Path) -> None:
    """`COPY src… dest` relative to WORKDIR: a directory's contents go to dest, files into it."""
    for sources, destination in stage.copies:
        target = workdir / destination
        for source in sources:
            path = ROOT / source
            if path.is_dir():
                ignore = shutil.ignore_patterns("__pycache__", "*.pyc")  # as .dockerignore
                shutil.copytree(path, target, ignore=ignore, dirs_exist_ok=True)
            else:
                target.mkdir(parents=True, exist_ok=True)
                shutil.copy2(path, target / path.name)


def _run(command: list[str | Path], cwd: Path, env: dict[str, str]) -> str:
    """One command (this test's own, or a pip line of the repository's Dockerfile); its stdout."""
    done = subprocess.run(  # noqa: S603
        command, cwd=cwd, env=env, capture_output=True, text=True, timeout=90, check=False
    )
    assert done.returncode == 0, f"{shlex.join(map(str, command))}:\n{done.stdout}\n{done.stderr}"
    return done.stdout


def _pip(args: list[str], cwd: Path, **env: str) -> None:
    """`pip args` in `cwd` (globs expanded there, as the shell would), offline."""
    expanded = [m for a in args for m in (sorted(glob.glob(a, root_dir=cwd)) or [a])]
    # PIP_NO_BUILD_ISOLATION=0 turns build isolation *off* (pip reads it as "no isolation: no").
    offline = {"PIP_NO_INDEX": "1", "PIP_NO_BUILD_ISOLATION": "0", "PIP_NO_CACHE_DIR": "1"}
    _run([sys.executable, "-m", "pip", *expanded], cwd, dict(os.environ) | offline | env)


def _require_build_tools() -> None:
    needed = "building the wheel offline needs {} here: pip install -e '.[dev]'"
    try:
        setuptools = tuple(int(p) for p in version("setuptools").split(".")[:2])
        version("pip")
    except PackageNotFoundError as exc:
        pytest.skip(needed.format(exc.name))
    if setuptools < MIN_SETUPTOOLS:
        pytest.skip(needed.format("setuptools>=" + ".".join(map(str, MIN_SETUPTOOLS))))


@dataclass
class Installed:
    wheel: Path
    python: Path  # the fresh venv's interpreter


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Installed:
    _require_build_tools()
    build, runtime = dockerfile_stages((ROOT / "Dockerfile").read_text())
    assert build.pip and runtime.pip, "the Dockerfile builds a wheel and installs it"
    root = tmp_path_factory.mktemp("image")
    workdir = root / "src"  # the build stage's WORKDIR, and where its dist/ lands
    _copy_context(build, workdir)
    for args in build.pip:
        _pip(args, workdir)
    (wheel,) = workdir.glob("dist/*.whl")

    env_dir = root / "venv"
    venv.EnvBuilder(with_pip=False).create(env_dir)
    python = env_dir / "bin" / "python"
    bare = {"PATH": os.environ.get("PATH", "")}  # no PYTHONPATH: the checkout stays out of sight
    query = "import sysconfig; print(sysconfig.get_paths()['purelib'])"
    site_packages = Path(_run([python, "-c", query], root, bare).strip())
    ours = {sysconfig.get_paths()["purelib"], sysconfig.get_paths()["platlib"]}
    (site_packages / "pivbot-test-deps.pth").write_text("\n".join(sorted(ours)) + "\n")
    # pip runs on behalf of the fresh venv. It also sees this checkout's editable pivbot through
    # the .pth and leaves it alone ("Not uninstalling …, outside environment").
    for args in runtime.pip:
        _pip(args, workdir, PIP_PYTHON=str(python))

    imported = _run([python, "-c", "import bot; print(bot.__file__)"], root, bare).strip()
    assert imported == str(site_packages / "bot" / "__init__.py")  # the wheel's copy
    return Installed(wheel, python)


def test_wheel_carries_every_module_migration_and_text(installed: Installed) -> None:
    names = set(zipfile.ZipFile(installed.wheel).namelist())
    repo = {
        p.relative_to(ROOT).as_posix()
        for top in ("bot", "handlers")
        for p in (ROOT / top).rglob("*")
        if p.is_file() and "__pycache__" not in p.parts
    }
    texts = {f"bot/{p.relative_to(ROOT).as_posix()}" for p in (ROOT / "locales").rglob("*.ftl")}
    assert {"bot/db/migrations/env.py", "bot/db/migrations/script.py.mako"} <= repo
    assert {"bot/locales/en/main.ftl", "bot/locales/ru/main.ftl"} <= texts
    assert sorted((repo | texts) - names) == []
    tops = {n.split("/")[0] for n in names if not n.startswith("pivbot-")}
    assert tops == {"bot", "handlers"}  # no top-level `locales` or `tests` in site-packages
    assert not [n for n in names if n.endswith(".pyc")]


async def test_installed_bot_answers_from_an_unrelated_directory(
    installed: Installed, tmp_path: Path, fake_bot_api: FakeBotApi, sandbox: Any
) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    port = free_port()
    env = bot_env(tmp_path, fake_bot_api, sandbox.url, port)
    proc = await start_bot(elsewhere, env, python=installed.python)
    try:
        fake_bot_api.push_text("/start", language_code="ru")
        await wait_while_running(proc, lambda: "sendMessage" in fake_bot_api.methods())
        assert await healthz(port) == 200
        rc, _, stderr = await stop(proc)
    finally:
        await kill_on_failure(proc)
    assert rc == 0, stderr
    assert "Traceback" not in stderr
    (text,) = [p["text"] for m, p in fake_bot_api.calls if m == "sendMessage"]
    assert "помощник piv.day" in text  # the Russian texts came from the installed package
    assert (tmp_path / "data" / "bot.db").exists()  # migrated by the packaged Alembic scripts
    assert list(elsewhere.iterdir()) == []  # nothing written relative to the working directory
