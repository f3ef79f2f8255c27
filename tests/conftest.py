"""Shared fixtures live in plugin modules under tests/fakes/, one per area."""

pytest_plugins = [
    "tests.fakes.sandbox_fixture",
    "tests.fakes.db_fixture",
    "tests.fakes.telegram_fixture",
    "tests.fakes.redis_fixture",
    "tests.fakes.i18n_fixture",
    "tests.fakes.events_fixture",
    "tests.fakes.flood_bot_api",
]
