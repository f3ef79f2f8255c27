"""The feature declarations, checked as a whole (bot.features, bot.app.default_features).

Forgetting a piece of a feature must fail here, not silently in chat: a paid action without its
confirmation view, a menu section with a feature that still answers "later version", a
feature's command missing from a language's command menu or answered by the fallback.
"""

from __future__ import annotations

from collections.abc import Sequence

import pytest
from aiogram import Router
from aiogram.methods import SetMyCommands
from aiogram.types import BotCommandScopeAllGroupChats, BotCommandScopeAllPrivateChats
from aiogram_i18n.cores import FluentRuntimeCore

from bot.app import default_features
from bot.features import Catalog, Feature, PaidAction, Scope
from bot.i18n import SUPPORTED_LOCALES
from bot.routing import Blueprint
from bot.runner import set_commands
from bot.ui.callbacks import Section
from bot.ui.confirm import GENERIC_VIEW
from bot.ui.keyboards import SECTION_BUTTON_KEYS
from tests.fakes.i18n_fixture import load_core, tr
from tests.fakes.telegram_fixture import BotHarness, HarnessFactory, text_of

CATALOG = Catalog.of(default_features())
FEATURES: Sequence[Feature] = CATALOG.features
FEATURES_ACTION = next(a for f in FEATURES for a in f.actions)
COMING_SOON = {
    "en": "arrives in a later version",
    "ru": "появится в следующей версии",
}


@pytest.fixture
def core() -> FluentRuntimeCore:
    return load_core()


def _has(core: FluentRuntimeCore, key: str, locale: str) -> bool:
    try:
        return bool(core.get(key, locale))
    except KeyError:
        return False


def test_every_registered_paid_action_has_its_own_view(core: FluentRuntimeCore) -> None:
    assert CATALOG.actions.names(), "no paid action is declared at all"
    for name in CATALOG.actions.names():
        assert name in CATALOG.views, f"paid action {name!r} has no confirmation view"
        view = CATALOG.views.view(name)
        assert view is not GENERIC_VIEW
        for locale in SUPPORTED_LOCALES:
            assert _has(core, view.title_key, locale), (name, locale)


def test_a_paid_action_without_a_view_is_caught() -> None:
    """The check above can fail: a catalog missing a view is noticed."""
    broken = Catalog.of([Feature("x", Blueprint("x").build)])
    assert "numbers.purchase" not in broken.views
    assert broken.views.view("numbers.purchase") is GENERIC_VIEW


def test_features_routers_and_names_are_unique_and_fresh() -> None:
    assert len({f.name for f in FEATURES}) == len(FEATURES)
    first, second = CATALOG.routers(), CATALOG.routers()
    assert all(a is not b for a, b in zip(first, second, strict=True))  # one per dispatcher
    with pytest.raises(ValueError, match="twice"):
        Catalog.of([FEATURES[0], FEATURES[0]])
    a = PaidAction("dup", FEATURES_ACTION.execute, GENERIC_VIEW)
    b = PaidAction(
        "dup", lambda client, params: FEATURES_ACTION.execute(client, params), GENERIC_VIEW
    )
    with pytest.raises(ValueError, match="twice"):
        Catalog.of([Feature("a", Blueprint("a").build, actions=(a, b))])


def test_every_declared_section_is_on_the_main_menu() -> None:
    for section in CATALOG.sections():
        assert Section(section) in SECTION_BUTTON_KEYS


@pytest.mark.parametrize("locale", SUPPORTED_LOCALES)
@pytest.mark.parametrize("section", [s for s in SECTION_BUTTON_KEYS if s is not Section.HOME])
async def test_a_section_with_a_feature_never_says_later_version(
    make_harness: HarnessFactory, section: Section, locale: str
) -> None:
    h: BotHarness = await make_harness()
    await h.connect_key(1, h.sandbox.create_key(balance="10.00"))
    await h.send("/start", language_code=locale)
    calls = await h.tap(tr(locale).get(SECTION_BUTTON_KEYS[section]), language_code=locale)
    shown = " ".join(text_of(c) or "" for c in calls)
    soon = COMING_SOON[locale] in shown
    assert soon is (section.value not in CATALOG.sections()), (section, shown)


async def test_every_command_is_in_each_languages_menu_and_is_handled(
    harness: BotHarness, core: FluentRuntimeCore
) -> None:
    await set_commands(harness.bot, core, CATALOG)
    menus: dict[tuple[str | None, str], set[str]] = {}
    for call in harness.calls:
        if isinstance(call, SetMyCommands):
            kind = "group" if isinstance(call.scope, BotCommandScopeAllGroupChats) else "private"
            assert isinstance(
                call.scope, BotCommandScopeAllPrivateChats | BotCommandScopeAllGroupChats
            )
            menus[(call.language_code, kind)] = {c.command for c in call.commands}
            for c in call.commands:
                assert c.description and not c.description.startswith("cmd-")
    declared = [(spec, f) for f in FEATURES for spec in f.commands]
    assert declared
    for spec, feature in declared:
        for locale in (*SUPPORTED_LOCALES, None):
            for scope in spec.scopes:
                menu = menus[(locale, "group" if scope is Scope.GROUP else "private")]
                assert spec.name in menu, (feature.name, spec.name, locale, scope)
    # Each private command gets a real answer, not the fallback's "I didn't understand".
    await harness.connect_key(1, harness.sandbox.create_key(balance="10.00"))
    for spec, _feature in declared:
        if Scope.PRIVATE in spec.scopes:
            calls = await harness.send(f"/{spec.name}")
            texts = " ".join(text_of(c) or "" for c in calls)
            assert calls and "I didn't understand" not in texts, spec.name


def test_a_router_that_skips_updates_early_hides_no_other_router() -> None:
    """Blueprint routers reject updates none of their handlers can take (bot.routing); a router
    included under one would be hidden by that: features combine blueprints side by side."""

    def walk(router: Router) -> list[Router]:
        return [router, *(r for sub in router.sub_routers for r in walk(sub))]

    for router in (r for top in CATALOG.routers() for r in walk(top)):
        filtered = any(observer._handler.filters for observer in router.observers.values())
        assert not (filtered and router.sub_routers), router.name


def test_buttons_reach_a_blueprint_only_with_its_prefixes() -> None:
    """The early skip is exact: a prefix one of a blueprint's handlers takes gets through."""
    routers = {r.name: r for r in CATALOG.routers()}
    keys = routers["handlers.keys"].observers["callback_query"]
    [skip] = [f.callback for f in keys._handler.filters or []]
    assert skip.prefixes == {"k", "m"}
