"""aiogram-i18n with Fluent: every `locales/<locale>/*.ftl` is loaded at dispatcher startup.

Convention (the locale test relies on it): code names a message by a string literal,
`i18n.get("message-id", var=...)`; a key chosen at run time comes from a dict of literals
(e.g. `SECTION_KEYS`). Attribute-style access (`i18n.some_key()`) is not used.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Hashable
from pathlib import Path
from typing import Any

from aiogram.types import User as TgUser
from aiogram_i18n import I18nMiddleware
from aiogram_i18n.cores import BaseCore, FluentRuntimeCore
from aiogram_i18n.managers import BaseManager
from sqlalchemy.ext.asyncio import AsyncSession

from bot.db.models import User
from bot.services.users import UserService


def _locales_dir() -> Path:
    """Resolved from the package, not the working directory: `python -m bot` may run from anywhere.

    A wheel carries the texts inside the package (setup.py ships top-level `locales/` as
    `bot/locales/`); a checkout or an editable install reads them where the repository keeps them.
    """
    package = Path(__file__).resolve().parent
    installed = package / "locales"
    return installed if installed.is_dir() else package.parent / "locales"


LOCALES_DIR = _locales_dir()
SUPPORTED_LOCALES: tuple[str, ...] = ("en", "ru")


def normalize_locale(language_code: str | None, default: str) -> str:
    """Telegram's IETF tag ("ru", "en-US", "pt-br") → a locale we ship, else `default`."""
    if language_code:
        base = language_code.split("-")[0].split("_")[0].lower()
        if base in SUPPORTED_LOCALES:
            return base
    return default


def user_locale(user: User | None, default: str) -> str:
    """The language to write to someone outside an update: their choice, else Telegram's."""
    chosen = (user.locale or user.language_code) if user is not None else None
    return normalize_locale(chosen, default)


class UserLocaleManager(BaseManager):
    """Locale = the user's stored /language choice, else Telegram's language_code, else default.

    aiogram-i18n's default MemoryManager ignores language_code and forgets choices on restart;
    this reads the `users` row the UserMiddleware already loaded (no query of its own) and
    stores /language choices through bot.services.users (committed before "saved" is said).
    """

    def __init__(self, default_locale: str) -> None:
        super().__init__(default_locale=default_locale)

    async def get_locale(
        self, event_from_user: TgUser | None = None, db_user: User | None = None
    ) -> str:
        default = self.default_locale or SUPPORTED_LOCALES[0]
        if event_from_user is None:
            return default
        if db_user is not None and db_user.locale in SUPPORTED_LOCALES:
            return db_user.locale
        return normalize_locale(event_from_user.language_code, default)

    async def set_locale(self, locale: str, session: AsyncSession, **kwargs: Any) -> None:
        user: TgUser | None = kwargs.get("event_from_user")
        if user is None:
            return
        await UserService(session).set_locale(user.id, locale)


def supported_default(locale: str) -> str:
    """DEFAULT_LOCALE if we ship it, else English (a typo must not break every reply)."""
    return normalize_locale(locale, SUPPORTED_LOCALES[0])


class CachedFluentCore(FluentRuntimeCore):
    """Formatting is a pure function of (locale, message, arguments), and screens repeat the
    same ones (every button label, a country's price line): the last CACHE_SIZE results are kept
    instead of resolving the pattern (and Babel-formatting its numbers) on every update."""

    CACHE_SIZE = 8192

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._formatted: OrderedDict[Hashable, str] = OrderedDict()

    async def startup(self) -> None:
        self._formatted.clear()
        await super().startup()

    def get(self, message_id: str, locale: str | None = None, /, **kwargs: Any) -> str:
        # Type and text of each argument, not the value: 1 == True and Decimal("1.0") ==
        # Decimal("1.00"), yet Fluent writes each of them differently.
        args = tuple((name, type(value), str(value)) for name, value in sorted(kwargs.items()))
        key: Hashable = (locale, message_id, args)
        text = self._formatted.get(key)
        if text is None:
            text = self._formatted[key] = super().get(message_id, locale, **kwargs)
            if len(self._formatted) > self.CACHE_SIZE:
                self._formatted.popitem(last=False)
        else:
            self._formatted.move_to_end(key)
        return text


def create_core(default_locale: str = "en") -> FluentRuntimeCore:
    # raise_key_error: a missing message is a bug the locale test must catch, not a raw id in chat.
    return CachedFluentCore(
        path=LOCALES_DIR / "{locale}",
        default_locale=supported_default(default_locale),
        raise_key_error=True,
    )


class LocaleTranslator:
    """A Translator bound to one locale, for texts rendered outside an update (bot commands,
    the confirmation sweep). `core` must be loaded (startup() or find_locales())."""

    def __init__(self, core: BaseCore[Any], locale: str) -> None:
        self.core = core
        self.locale = locale

    def get(self, key: str, /, **kwargs: Any) -> str:
        return self.core.get(key, self.locale, **kwargs)


def create_i18n_middleware(default_locale: str = "en") -> I18nMiddleware:
    default_locale = supported_default(default_locale)
    return I18nMiddleware(
        core=create_core(default_locale),
        manager=UserLocaleManager(default_locale),
        default_locale=default_locale,
    )
