"""Composition root: the factories production and tests both use. Only this module imports handlers.

- `create_bot(settings)` — Bot with HTML parse mode, optionally on a custom Bot API server.
- `default_features()` — the features (bot.features.Feature), listed once, in router order.
- `create_dispatcher(settings, ...)` — the whole update pipeline: middlewares, i18n, a fresh
  router per feature; the features' Catalog is workflow data (`catalog`).
- `create_web_app(settings, dispatcher, bot, ...)` — aiohttp: /healthz, piv.day's events
  (POST /pivday/events/{token}, bot.events.receiver) and, in webhook mode, the Telegram webhook
  route guarded by a secret token.
"""

from __future__ import annotations

import logging
import secrets
from collections.abc import Sequence

from aiogram import Bot, Dispatcher
from aiogram.client.default import DefaultBotProperties
from aiogram.client.session.aiohttp import AiohttpSession
from aiogram.client.session.base import BaseSession
from aiogram.client.telegram import TelegramAPIServer
from aiogram.enums import ParseMode
from aiogram.fsm.storage.base import BaseStorage
from aiogram.fsm.storage.memory import MemoryStorage
from aiogram.webhook.aiohttp_server import SimpleRequestHandler
from aiohttp import web
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from bot.config import DEFAULT_TELEGRAM_URL, Settings
from bot.crypto import KeyRing
from bot.events import receiver
from bot.events.inbox import Doorbell
from bot.features import Catalog, Feature
from bot.i18n import create_i18n_middleware
from bot.middlewares import (
    AccountMiddleware,
    AllowlistMiddleware,
    CommandLeavesStepMiddleware,
    ContextMiddleware,
    FlagsMiddleware,
    InFlight,
    UserMiddleware,
)
from bot.pivday import ClientPool
from bot.services.users import RedisInvalidations, UserCache
from handlers.confirm import OfferMiddleware

log = logging.getLogger(__name__)

HEALTH_PATH = "/healthz"
# aiohttp app keys: the runner reads the webhook secret back to pass it to set_webhook, and
# the doorbell the event receiver rings to wake the router.
WEBHOOK_SECRET_KEY = web.AppKey("webhook_secret", str)
EVENTS_DOORBELL_KEY = web.AppKey("events_doorbell", Doorbell)


def create_bot(settings: Settings, session: BaseSession | None = None) -> Bot:
    if settings.bot_token is None:
        raise ValueError("BOT_TOKEN is not set")
    if session is None:
        session = AiohttpSession()
        if settings.telegram_api_url.rstrip("/") != DEFAULT_TELEGRAM_URL:
            session.api = TelegramAPIServer.from_base(settings.telegram_api_url.rstrip("/"))
    return Bot(
        token=settings.bot_token.get_secret_value(),
        session=session,
        default=DefaultBotProperties(parse_mode=ParseMode.HTML),
    )


def create_storage(settings: Settings) -> BaseStorage:
    if settings.redis_url:
        from aiogram.fsm.storage.base import DefaultKeyBuilder
        from aiogram.fsm.storage.redis import RedisStorage

        # with_destiny: a flow may keep data in its own FSM slot (the sites draft outlives the
        # wizard's state); MemoryStorage keys by destiny already, Redis needs it said.
        return RedisStorage.from_url(
            settings.redis_url, key_builder=DefaultKeyBuilder(with_destiny=True)
        )
    return MemoryStorage()


def default_features() -> list[Feature]:
    """Every feature, in the order their routers are tried: errors first, catch-alls last.
    Adding a section = its own files + one line here."""
    from handlers import (
        confirm,
        domains,
        errors,
        fallback,
        keys,
        menu,
        notifications,
        numbers,
        proxies,
        settings,
        sites,
        start,
    )

    return [
        errors.feature,
        start.feature,
        menu.feature,
        settings.feature,
        keys.feature,
        numbers.feature,
        proxies.feature,
        domains.feature,
        sites.feature,
        notifications.feature,
        confirm.feature,
        fallback.feature,
    ]


def create_dispatcher(
    settings: Settings,
    *,
    sessionmaker: async_sessionmaker[AsyncSession],
    pivday_pool: ClientPool,
    key_ring: KeyRing,
    storage: BaseStorage | None = None,
    features: Sequence[Feature] | None = None,
) -> Dispatcher:
    catalog = Catalog.of(default_features() if features is None else features)
    dispatcher = Dispatcher(
        storage=storage or create_storage(settings),
        settings=settings,
        sessionmaker=sessionmaker,
        pivday_pool=pivday_pool,
        key_ring=key_ring,
        catalog=catalog,
    )
    # Outer update middlewares run in registration order, after aiogram's own (errors, user
    # context, FSM): session, the user row (i18n reads its locale), i18n, allowlist, account.
    in_flight = InFlight()
    # Registered before i18n's own shutdown hook: in-flight updates finish while texts load.
    dispatcher.shutdown.register(in_flight.drain)
    dispatcher.update.outer_middleware(ContextMiddleware(in_flight))
    cache = _user_cache(settings, dispatcher, sessionmaker)
    dispatcher.update.outer_middleware(UserMiddleware(cache))
    create_i18n_middleware(settings.default_locale).setup(dispatcher)
    dispatcher.update.outer_middleware(
        AllowlistMiddleware([*settings.allowed_users, *settings.admin_ids])
    )
    dispatcher.update.outer_middleware(AccountMiddleware())
    dispatcher.update.outer_middleware(OfferMiddleware())  # `offer`: a paid flow's last step
    dispatcher.update.outer_middleware(CommandLeavesStepMiddleware())
    # Inner: reads the flags of the handler whose filters matched (needs_key, private).
    flags = FlagsMiddleware()
    dispatcher.message.middleware(flags)
    dispatcher.callback_query.middleware(flags)
    dispatcher.include_routers(*catalog.routers())
    return dispatcher


def _user_cache(
    settings: Settings, dispatcher: Dispatcher, sessionmaker: async_sessionmaker[AsyncSession]
) -> UserCache:
    cache = UserCache(settings.user_cache_seconds)
    engine = sessionmaker.kw.get("bind")
    if isinstance(engine, AsyncEngine):
        cache.attach(engine)
    dispatcher["user_cache"] = cache
    if settings.redis_url and cache.enabled:  # several instances: a change drops it on all
        invalidations = RedisInvalidations(cache, settings.redis_url)
        dispatcher.startup.register(invalidations.start)
        dispatcher.shutdown.register(invalidations.stop)
    return cache


async def database_ok(sessionmaker: async_sessionmaker[AsyncSession]) -> bool:
    try:
        async with sessionmaker() as session:
            await session.execute(text("SELECT 1"))
        return True
    except Exception as exc:  # any failure means "not healthy"; the reason goes to the log
        log.warning("health check: database unavailable: %s", type(exc).__name__)
        return False


def create_web_app(
    settings: Settings,
    dispatcher: Dispatcher,
    bot: Bot,
    *,
    sessionmaker: async_sessionmaker[AsyncSession],
    events_doorbell: Doorbell | None = None,
) -> web.Application:
    app = web.Application()
    app[EVENTS_DOORBELL_KEY] = doorbell = events_doorbell or Doorbell()
    receiver.install(app, sessionmaker, doorbell)

    async def healthz(_request: web.Request) -> web.Response:
        if await database_ok(sessionmaker):
            return web.json_response({"ok": True})
        return web.json_response({"ok": False, "database": "unavailable"}, status=503)

    app.router.add_get(HEALTH_PATH, healthz)
    if settings.telegram_webhook:
        # A fresh secret per process: Telegram echoes it in a header on every delivery, and
        # set_webhook (bot.runner) registers the same value, so forged POSTs are refused (401).
        secret = secrets.token_urlsafe(32)
        app[WEBHOOK_SECRET_KEY] = secret
        SimpleRequestHandler(
            dispatcher=dispatcher, bot=bot, secret_token=secret, handle_in_background=True
        ).register(app, path=settings.telegram_webhook_path)
    return app
