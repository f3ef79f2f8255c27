"""The bot's real texts for assertions: what a user reads, in the language they read it in.

- `load_core()`: the locale files, loaded once (what the dispatcher's startup() does).
- `tr("ru").get("confirm-ok", cost="$12.00")`: one locale's text, as the bot renders it; tests
  tap buttons and compare screens with these rather than with copies of the English.
- `t` (fixture): `tr` parametrized over "en" and "ru".
"""

from __future__ import annotations

from functools import cache

import pytest
from aiogram_i18n.cores import FluentRuntimeCore

from bot.i18n import LocaleTranslator, create_core

LOCALES = ("en", "ru")


@cache
def load_core() -> FluentRuntimeCore:
    core = create_core("en")
    core.locales.update(core.find_locales())
    return core


def tr(locale: str) -> LocaleTranslator:
    return LocaleTranslator(load_core(), locale)


@pytest.fixture(params=LOCALES)
def t(request: pytest.FixtureRequest) -> LocaleTranslator:
    return tr(request.param)
