"""Process lifecycle: `python -m bot` (run) and `make sandbox` (run_with_sandbox).

Start: logging → migrations → DB, key ring, piv.day pool, bot, dispatcher → aiohttp server
(/healthz, piv.day's events, and the Telegram webhook in webhook mode) → background tasks
(confirmation sweep, watched jobs, event router, outbox sender, expiry reminders) → bot commands
per language → polling, or set_webhook with a fresh secret. SIGTERM/SIGINT: stop taking
updates, let in-flight ones finish (the dispatcher's shutdown drains them), stop the background
tasks, close everything, exit 0.
"""

from __future__ import annotations

import asyncio
import contextlib
import gc
import logging
import signal
from collections.abc import Awaitable, Callable
from typing import Any

import aiohttp
from aiogram import Bot, Dispatcher
from aiogram.exceptions import TelegramAPIError
from aiogram.types import BotCommand, BotCommandScopeAllGroupChats, BotCommandScopeAllPrivateChats
from aiogram_i18n.cores import BaseCore
from aiohttp import web
from pydantic import SecretStr
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.app import (
    EVENTS_DOORBELL_KEY,
    WEBHOOK_SECRET_KEY,
    create_bot,
    create_dispatcher,
    create_web_app,
)
from bot.config import Settings
from bot.crypto import KeyRing
from bot.db.engine import create_engine, create_sessionmaker
from bot.db.migrate import safe_url, upgrade
from bot.events.runtime import EventsRuntime, build_events
from bot.features import Catalog, Scope
from bot.i18n import SUPPORTED_LOCALES, create_core
from bot.logsetup import setup_logging
from bot.pivday import ClientPool
from bot.services.sweeper import SWEEP_INTERVAL_SECONDS, CardSweeper
from bot.ui.expired import ExpiredCardEditor
from bot.watching import WatchLoop

log = logging.getLogger(__name__)


async def set_commands(bot: Bot, core: BaseCore[Any], catalog: Catalog) -> None:
    """Per language and per chat kind, from the features' declarations; the default locale's
    list also serves other languages."""
    scopes = (
        (BotCommandScopeAllPrivateChats(), catalog.commands(Scope.PRIVATE)),
        (BotCommandScopeAllGroupChats(), catalog.commands(Scope.GROUP)),
    )
    for locale in SUPPORTED_LOCALES:
        for scope, commands in scopes:
            listed = [
                BotCommand(command=c.name, description=core.get(c.description_key, locale))
                for c in commands
            ]
            await bot.set_my_commands(listed, scope=scope, language_code=locale)
            if locale == core.default_locale:
                await bot.set_my_commands(listed, scope=scope)


def _stop_event() -> asyncio.Event:
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGTERM, signal.SIGINT):
        with contextlib.suppress(NotImplementedError):
            loop.add_signal_handler(sig, stop.set)
    return stop


async def serve(settings: Settings, stop: asyncio.Event | None = None) -> None:
    """Run until `stop` is set (or SIGTERM/SIGINT), then shut down cleanly."""
    stop = stop or _stop_event()
    log.info("migrating database url=%s", safe_url(settings.database_url))
    await upgrade(settings.database_url)
    engine = create_engine(settings.database_url)
    sessionmaker = create_sessionmaker(engine)
    pool = ClientPool(settings.pivday_api_url)
    bot = create_bot(settings)
    key_ring = KeyRing.from_settings(settings)
    dispatcher = create_dispatcher(
        settings, sessionmaker=sessionmaker, pivday_pool=pool, key_ring=key_ring
    )
    app = create_web_app(settings, dispatcher, bot, sessionmaker=sessionmaker)
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    # Texts rendered outside updates (commands, expired cards, events) share one loaded core.
    core = create_core(settings.default_locale)
    await core.startup()
    catalog: Catalog = dispatcher["catalog"]
    events = build_events(
        settings,
        sessionmaker=sessionmaker,
        bot=bot,
        core=core,
        key_ring=key_ring,
        pool=pool,
        inbox_bell=app[EVENTS_DOORBELL_KEY],
    )
    # Everything built so far lives as long as the process: out of the collector's sight, a
    # full collection no longer walks it (a pause of 100+ ms on a busy machine, seen as event
    # acknowledgements stalling together).
    gc.freeze()
    background = [
        _start_sweeper(sessionmaker, ExpiredCardEditor(bot, core, catalog.views), core),
        _start_watching(sessionmaker, catalog, bot, core, key_ring, pool),
        _start_event_router(events),
        _start_outbox_sender(events),
        _start_reminders(events, settings),
        *_start_sandbox_linker(events),
    ]
    try:
        await web.TCPSite(runner, settings.http_host, settings.http_port).start()
        log.info("http server listening host=%s port=%s", settings.http_host, settings.http_port)
        try:
            await set_commands(bot, core, catalog)
        except (TelegramAPIError, aiohttp.ClientError) as exc:  # menus still work without them
            log.warning("could not register bot commands: %s", type(exc).__name__)
        if settings.telegram_webhook:
            await _webhook(settings, dispatcher, bot, app, stop)
        else:
            await _polling(dispatcher, bot, stop)
    finally:
        await _stop(background)  # first: they use the bot, DB and pool closed below
        await runner.cleanup()
        await bot.session.close()
        await pool.aclose()
        await engine.dispose()
    log.info("stopped")


# -- background tasks: one starter each, all stopped by _stop ---------------------------------


def _start_sweeper(
    sessionmaker: async_sessionmaker[AsyncSession], editor: ExpiredCardEditor, core: BaseCore[Any]
) -> asyncio.Task[None]:
    """Expired confirmation cards lose their buttons within SWEEP_INTERVAL_SECONDS."""
    sweeper = CardSweeper(sessionmaker, editor, default_locale=core.default_locale)
    return asyncio.create_task(sweeper.run(SWEEP_INTERVAL_SECONDS), name="confirmation-sweeper")


def _start_watching(
    sessionmaker: async_sessionmaker[AsyncSession],
    catalog: Catalog,
    bot: Bot,
    core: BaseCore[Any],
    key_ring: KeyRing,
    pool: ClientPool,
) -> asyncio.Task[None]:
    """Live jobs the features declared (codes awaited, domain queue, sites) keep polling."""
    loop = WatchLoop(
        sessionmaker, catalog.watchers(), bot=bot, core=core, key_ring=key_ring, pool=pool
    )
    return asyncio.create_task(loop.run(), name="watch-loop")


def _start_event_router(events: EventsRuntime) -> asyncio.Task[None]:
    """Stored piv.day events become outbox messages (woken by the receiver)."""
    return asyncio.create_task(events.router.run(events.inbox_bell), name="event-router")


def _start_outbox_sender(events: EventsRuntime) -> asyncio.Task[None]:
    """Outbox messages reach Telegram within the flood limits."""
    return asyncio.create_task(events.sender.run(events.outbox_bell), name="outbox-sender")


def _start_reminders(events: EventsRuntime, settings: Settings) -> asyncio.Task[None]:
    """Numbers about to expire without auto-renew get their warnings."""
    run = events.reminders.run(settings.reminder_interval_seconds)
    return asyncio.create_task(run, name="expiry-reminders")


def _start_sandbox_linker(events: EventsRuntime) -> list[asyncio.Task[None]]:
    """Sandbox mode only: the sandbox's webhooks point at this bot."""
    if events.linker is None:
        return []
    return [asyncio.create_task(events.linker.run(), name="sandbox-linker")]


async def _stop(tasks: list[asyncio.Task[None]]) -> None:
    for task in tasks:
        task.cancel()
    for task in tasks:
        with contextlib.suppress(asyncio.CancelledError):
            await task


async def _polling(dispatcher: Dispatcher, bot: Bot, stop: asyncio.Event) -> None:
    await bot.delete_webhook(drop_pending_updates=False)  # polling and a webhook exclude each other
    polling = asyncio.create_task(
        dispatcher.start_polling(
            bot,
            handle_signals=False,
            close_bot_session=False,
            allowed_updates=dispatcher.resolve_used_update_types(),
        )
    )
    stopping = asyncio.create_task(stop.wait())
    await asyncio.wait({polling, stopping}, return_when=asyncio.FIRST_COMPLETED)
    if not polling.done():
        log.info("stopping: no new updates; draining in-flight ones")
        await dispatcher.stop_polling()  # start_polling's shutdown drains in-flight updates
    stopping.cancel()
    await polling


async def _webhook(
    settings: Settings, dispatcher: Dispatcher, bot: Bot, app: web.Application, stop: asyncio.Event
) -> None:
    if not settings.public_url:
        raise ValueError("TELEGRAM_WEBHOOK needs PUBLIC_URL (the https address Telegram posts to)")
    workflow = {**dispatcher.workflow_data, "bot": bot, "bots": [bot]}
    await dispatcher.emit_startup(dispatcher=dispatcher, **workflow)
    url = settings.public_url.rstrip("/") + settings.telegram_webhook_path
    await bot.set_webhook(
        url,
        secret_token=app[WEBHOOK_SECRET_KEY],
        allowed_updates=dispatcher.resolve_used_update_types(),
    )
    log.info("webhook set url=%s", url)
    await stop.wait()
    log.info("stopping: draining in-flight updates")
    # The webhook stays registered: Telegram queues updates until this or another instance is up.
    await dispatcher.emit_shutdown(dispatcher=dispatcher, **workflow)


def _main(settings: Settings, serve_fn: Callable[[Settings], Awaitable[None]]) -> int:
    """Process entry: logging, the event loop, exit code 0 on a clean stop (SIGTERM included)."""
    setup_logging(settings.log_level)
    try:
        asyncio.run(serve_fn(settings))
    except Exception:
        log.exception("bot failed")
        return 1
    return 0


def run(settings: Settings) -> int:
    return _main(settings, serve)


async def serve_with_sandbox(settings: Settings, stop: asyncio.Event | None = None) -> None:
    """The bot against an in-process sandbox on a free loopback port, with a demo key."""
    from bot.sandbox.clock import SystemClock
    from bot.sandbox.server import DEMO_BALANCE, start_server, tick_forever
    from bot.sandbox.state import Sandbox

    stop = stop or _stop_event()
    sb = Sandbox(seed=0, clock=SystemClock())
    demo_key = sb.create_key(balance=DEMO_BALANCE, email="demo@sandbox.piv.day")
    sandbox_runner, root = await start_server(sb)
    ticker = asyncio.create_task(tick_forever(sb))
    update: dict[str, object] = {
        "pivday_api_url": root + "/api/v1",
        "sandbox_mode": True,
        "sandbox_demo_key": SecretStr(demo_key),
    }
    if "database_url" not in settings.model_fields_set:
        # Play keys and real keys never share a database (or reach the other piv.day).
        update["database_url"] = f"sqlite+aiosqlite:///{settings.data_dir / 'sandbox.db'}"
    settings = settings.model_copy(update=update)
    # Printed, not logged: a play-money key for this sandbox only, for the person to paste.
    print(f"Sandbox piv.day (play money, nothing real) on {settings.pivday_api_url}", flush=True)
    print(f"Demo API key: {demo_key}  (or tap 'Use the demo key' in the bot)", flush=True)
    try:
        await serve(settings, stop)
    finally:
        ticker.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await ticker
        await sb.aclose()
        await sandbox_runner.cleanup()


def run_with_sandbox(settings: Settings) -> int:
    return _main(settings, serve_with_sandbox)
