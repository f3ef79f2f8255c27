"""Placeholder: filled in by its feature."""

from aiogram import Router

router = Router(name=__name__)
