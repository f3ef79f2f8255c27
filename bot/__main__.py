"""Command line: `python -m bot [run|migrate|rotate-keys|sandbox|sandbox-bot]`."""

from __future__ import annotations

import argparse
import sys

from bot.config import Settings

SETUP_HELP = (
    "BOT_TOKEN is not set: create a bot with @BotFather in Telegram (/newbot), then run "
    "`BOT_TOKEN=<token> make run` or put BOT_TOKEN=<token> in a .env file."
)


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m bot", description="pivbot")
    sub = parser.add_subparsers(dest="command")
    sub.add_parser("run", help="start the bot (default)")
    sub.add_parser("migrate", help="apply database migrations up to head")
    sub.add_parser("rotate-keys", help="re-encrypt every stored API key under the newest key")
    sandbox = sub.add_parser("sandbox", help="serve the local piv.day sandbox alone")
    sandbox.add_argument("--host", default="127.0.0.1")
    sandbox.add_argument("--port", type=int, default=8090)
    sandbox.add_argument("--seed", type=int, default=0)
    sub.add_parser("sandbox-bot", help="run the bot against an in-process sandbox")
    return parser


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    command = args.command or "run"
    settings = Settings()
    if command in ("run", "sandbox-bot") and settings.bot_token is None:
        print(SETUP_HELP, file=sys.stderr)
        return 2
    if command == "run":
        from bot.runner import run

        return run(settings)
    if command == "sandbox-bot":
        from bot.runner import run_with_sandbox

        return run_with_sandbox(settings)
    if command == "migrate":
        from bot.db.migrate import main as migrate_main

        return migrate_main(settings)
    if command == "rotate-keys":
        from bot.db.rotate import main as rotate_main

        return rotate_main(settings)
    if command == "sandbox":
        from bot.sandbox.server import main as sandbox_main

        return sandbox_main(host=args.host, port=args.port, seed=args.seed)
    raise AssertionError(command)


if __name__ == "__main__":
    sys.exit(main())
