"""Locale files vs code. Convention (bot/i18n.py): code names a message by a string literal —
`i18n.get("message-id")` — and keys chosen at run time are literals in a dict.

- every .ftl parses without errors;
- en and ru have the same messages, and each message the same variables;
- every message id used in code exists (any literal in bot/ or handlers/ that starts with a
  message family prefix such as "menu-" or "keys-" must be a message);
- every message is used by code or by another message.
"""

from __future__ import annotations

import ast
import re
from functools import cache
from pathlib import Path

import pytest
from fluent.syntax import FluentParser
from fluent.syntax import ast as fl
from fluent.syntax.visitor import Visitor

from bot.i18n import LOCALES_DIR, SUPPORTED_LOCALES

ROOT = Path(__file__).resolve().parent.parent
CODE_DIRS = [ROOT / "bot", ROOT / "handlers"]
# Packages that never speak to users (and have their own hyphenated literals).
NOT_UI = {ROOT / "bot" / "sandbox", ROOT / "bot" / "pivday"}
MESSAGE_ID = re.compile(r"^[a-z][a-z0-9]*(?:-[a-z0-9]+)+$")


class _Refs(Visitor):
    def __init__(self) -> None:
        super().__init__()
        self.variables: set[str] = set()
        self.messages: set[str] = set()

    def visit_VariableReference(self, node: fl.VariableReference) -> None:
        self.variables.add(node.id.name)

    def visit_MessageReference(self, node: fl.MessageReference) -> None:
        self.messages.add(node.id.name)


def _ftl_files(locale: str) -> list[Path]:
    return sorted((LOCALES_DIR / locale).glob("*.ftl"))


@cache
def _messages(locale: str) -> dict[str, tuple[frozenset[str], frozenset[str]]]:
    """message id → (variables, referenced messages)."""
    found: dict[str, tuple[frozenset[str], frozenset[str]]] = {}
    for path in _ftl_files(locale):
        resource = FluentParser().parse(path.read_text(encoding="utf-8"))
        for entry in resource.body:
            if isinstance(entry, fl.Message):
                refs = _Refs()
                refs.visit(entry)
                assert entry.id.name not in found, f"{locale}: {entry.id.name} defined twice"
                found[entry.id.name] = (frozenset(refs.variables), frozenset(refs.messages))
    return found


def _code_files() -> list[Path]:
    return [
        p
        for d in CODE_DIRS
        for p in d.rglob("*.py")
        if not any(part in p.parents for part in NOT_UI)
    ]


@cache
def _code_literals() -> frozenset[str]:
    literals: set[str] = set()
    for path in _code_files():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Constant) and isinstance(node.value, str):
                literals.add(node.value)
    return frozenset(literals)


@pytest.mark.parametrize("locale", SUPPORTED_LOCALES)
def test_every_ftl_parses(locale: str) -> None:
    assert _ftl_files(locale), f"no .ftl files for {locale}"
    for path in _ftl_files(locale):
        resource = FluentParser().parse(path.read_text(encoding="utf-8"))
        junk = [e for e in resource.body if isinstance(e, fl.Junk)]
        assert not junk, (
            f"{path}: {[j.annotations[0].message for j in junk]} in {junk[0].content!r}"
        )


def test_locales_have_the_same_messages_and_variables() -> None:
    en = _messages("en")
    for locale in SUPPORTED_LOCALES:
        other = _messages(locale)
        missing, extra = sorted(set(en) - set(other)), sorted(set(other) - set(en))
        assert not missing and not extra, f"{locale}: missing {missing}, extra {extra}"
        for key, (variables, _) in en.items():
            assert other[key][0] == variables, (
                f"{locale}:{key} variables {other[key][0]} != {variables}"
            )


def test_every_message_id_used_in_code_exists() -> None:
    known = set(_messages("en"))
    families = {key.split("-")[0] + "-" for key in known}
    used = {lit for lit in _code_literals() if MESSAGE_ID.match(lit)}
    candidates = {lit for lit in used if any(lit.startswith(f) for f in families)}
    assert candidates, "the scan found no message ids at all"
    for locale in SUPPORTED_LOCALES:
        missing = candidates - set(_messages(locale))
        assert not missing, f"{locale}: used in code but missing: {sorted(missing)}"


def test_every_message_is_used() -> None:
    messages = _messages("en")
    referenced = {ref for _, refs in messages.values() for ref in refs}
    unused = set(messages) - _code_literals() - referenced
    assert not unused, f"messages nothing uses: {sorted(unused)}"


async def test_the_formatting_cache_never_mixes_up_arguments() -> None:
    """bot.i18n keeps formatted texts; equal-but-different arguments stay apart."""
    from decimal import Decimal

    from aiogram_i18n.cores import FluentRuntimeCore

    from bot.i18n import create_core

    core = create_core("en")
    await core.startup()
    a = core.get("keys-now-active", "en", key="one")
    b = core.get("keys-now-active", "en", key="two")
    assert a != b and a == core.get("keys-now-active", "en", key="one")
    assert core.get("keys-now-active", "ru", key="one") != a
    plain = FluentRuntimeCore(path=core.path, default_locale="en", raise_key_error=True)
    await plain.startup()
    values = (1, True, 1.0, Decimal("1.0"), Decimal("1.00"), "1", "1.00")
    for _ in range(2):  # the second round is served from the cache
        for value in values:
            for locale in ("en", "ru"):
                expected = plain.get("numbers-months", locale, months=value)
                assert core.get("numbers-months", locale, months=value) == expected, value
