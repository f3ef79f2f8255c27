"""Routers in the order the dispatcher tries them; catch-alls last."""

from __future__ import annotations

from aiogram import Router


def get_routers() -> list[Router]:
    from handlers import confirm, errors, fallback, keys, menu, numbers, settings, start

    return [
        errors.router,
        start.router,
        menu.router,
        settings.router,
        keys.router,
        numbers.router,
        confirm.router,
        fallback.router,
    ]
