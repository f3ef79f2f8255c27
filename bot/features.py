"""A feature is one declaration: its router, its paid actions with their confirmation views,
the main-menu section it serves, its commands and the live jobs it watches.

Each handlers module ends with `feature = Feature(...)`; the composition root (bot.app) lists
the features once, in the order their routers are tried. Everything central is derived from
that list: the action registry the confirmations run, the views their cards show, the
"coming soon" answer for sections nobody serves yet, and the bot's command menu per language.
No core module names a feature.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum

from aiogram import Router

from bot.services.confirmations import ActionRegistry, Executor, FollowUp
from bot.ui.confirm import ActionView, ViewCatalog
from bot.watching import Watcher


class Scope(StrEnum):
    """Where a command is offered in Telegram's command menu."""

    PRIVATE = "private"
    GROUP = "group"


@dataclass(frozen=True, slots=True)
class BotCommandSpec:
    name: str  # without the slash
    description_key: str  # a locales/*/ message id
    scopes: frozenset[Scope] = frozenset({Scope.PRIVATE})
    rank: int = 50  # position in Telegram's command menu (ties keep declaration order)


def command(name: str, description_key: str, *scopes: Scope, rank: int = 50) -> BotCommandSpec:
    return BotCommandSpec(name, description_key, frozenset(scopes or (Scope.PRIVATE,)), rank)


@dataclass(frozen=True, slots=True)
class PaidAction:
    """A call that spends money: what runs after Confirm, and how its card reads."""

    name: str  # stored on the confirmation row, e.g. "numbers.purchase"
    execute: Executor
    view: ActionView
    follow_up: FollowUp | None = None  # after a success, e.g. follow the queue it started


@dataclass(frozen=True, slots=True)
class Feature:
    name: str
    router: Callable[[], Router]  # a fresh Router per dispatcher (Blueprint.build)
    section: str | None = None  # the main-menu section (bot.ui.callbacks.Section) it serves
    actions: Sequence[PaidAction] = ()
    commands: Sequence[BotCommandSpec] = ()
    watchers: Sequence[Watcher] = ()  # live jobs it follows (bot.watching)


@dataclass(frozen=True, slots=True)
class Catalog:
    """What the pipeline needs from the feature list, built once per dispatcher."""

    features: tuple[Feature, ...]
    actions: ActionRegistry
    views: ViewCatalog
    follow_ups: Mapping[str, FollowUp]

    @classmethod
    def of(cls, features: Iterable[Feature]) -> Catalog:
        features = tuple(features)
        names = [f.name for f in features]
        if len(set(names)) != len(names):
            raise ValueError(f"a feature is listed twice: {names}")
        registry = ActionRegistry()
        views: dict[str, ActionView] = {}
        follow_ups: dict[str, FollowUp] = {}
        for feature in features:
            for action in feature.actions:
                registry.register(action.name)(action.execute)
                views[action.name] = action.view
                if action.follow_up is not None:
                    follow_ups[action.name] = action.follow_up
        return cls(features, registry, ViewCatalog(views), follow_ups)

    def routers(self) -> list[Router]:
        return [feature.router() for feature in self.features]

    def watchers(self) -> list[Watcher]:
        watchers = [w for feature in self.features for w in feature.watchers]
        kinds = [w.kind for w in watchers]
        if len(set(kinds)) != len(kinds):
            raise ValueError(f"a watch kind is declared twice: {kinds}")
        return watchers

    def sections(self) -> frozenset[str]:
        return frozenset(f.section for f in self.features if f.section is not None)

    def commands(self, scope: Scope) -> list[BotCommandSpec]:
        """Commands offered in `scope` by rank, then declaration order; each name once."""
        seen: dict[str, BotCommandSpec] = {}
        for feature in self.features:
            for spec in feature.commands:
                if scope in spec.scopes and spec.name not in seen:
                    seen[spec.name] = spec
        return sorted(seen.values(), key=lambda spec: spec.rank)
