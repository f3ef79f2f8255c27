"""Routers built fresh for each dispatcher, declared with aiogram's own decorator syntax.

aiogram lets a Router have one parent, so module-level routers can serve one dispatcher per
process; tests and replicas build several. A feature module declares its handlers on a
`Blueprint` instead (`@routes.callback_query(...)`, `routes.message.filter(...)`, flags), and
`routes.build()` replays them onto a new Router each time the composition root asks.

Flags every handler of a blueprint shares are given once (`Blueprint(__name__, needs_key=True)`);
a handler's own `flags=` win. The flags the pipeline reads are in `bot.middlewares`.

Sync filters (`F.chat.type == "private"`, plain functions) are made awaitable on the way: aiogram
runs a sync callable in a worker thread (`asyncio.to_thread`), which costs a thread hand-off per
filter per update for what is an attribute comparison.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from aiogram import Router
from aiogram.dispatcher.event.handler import FilterObject
from aiogram.filters import Filter
from aiogram.filters.callback_data import CallbackQueryFilter
from aiogram.types import CallbackQuery, Message

from bot.middlewares import PRIVATE

CallbackType = Callable[..., Any]


class InlineFilter(Filter):
    """A sync filter evaluated in the event loop (it must not block: comparisons only)."""

    def __init__(self, sync_filter: CallbackType) -> None:
        self.inner = FilterObject(sync_filter)  # MagicFilter → .resolve; the parameters it takes

    async def __call__(self, *args: Any, **kwargs: Any) -> Any:
        inner = self.inner
        wanted = kwargs if inner.varkw else {k: kwargs[k] for k in inner.params if k in kwargs}
        return inner.callback(*args, **wanted)

    def __str__(self) -> str:
        return f"InlineFilter({self.inner.magic or self.inner.callback!r})"


def inline(callback: CallbackType) -> CallbackType:
    if isinstance(callback, Filter) or inspect.iscoroutinefunction(inspect.unwrap(callback)):
        return callback
    return InlineFilter(callback)


@dataclass(slots=True)
class _Registration:
    callback: CallbackType
    filters: tuple[CallbackType, ...]
    flags: dict[str, Any]
    kwargs: dict[str, Any]


@dataclass(slots=True)
class _Observer:
    """Records what aiogram's TelegramEventObserver would receive, to replay it later."""

    defaults: dict[str, Any]
    handlers: list[_Registration] = field(default_factory=list)
    filters: list[CallbackType] = field(default_factory=list)

    def register(
        self,
        callback: CallbackType,
        *filters: CallbackType,
        flags: dict[str, Any] | None = None,
        **kwargs: Any,
    ) -> CallbackType:
        merged = {**self.defaults, **(flags or {})}
        self.handlers.append(_Registration(callback, filters, merged, kwargs))
        return callback

    def __call__(
        self, *filters: CallbackType, flags: dict[str, Any] | None = None, **kwargs: Any
    ) -> Callable[[CallbackType], CallbackType]:
        def decorator(callback: CallbackType) -> CallbackType:
            return self.register(callback, *filters, flags=flags, **kwargs)

        return decorator

    def filter(self, *filters: CallbackType) -> None:
        """Router-level filters: every handler of this event in the blueprint needs them."""
        self.filters.extend(filters)


class Blueprint:
    """The handlers of one feature module; `build()` makes a new Router from them."""

    def __init__(self, name: str, **flags: Any) -> None:
        self.name = name
        self._observers: dict[str, _Observer] = {}
        self._defaults = flags

    def _observer(self, event: str) -> _Observer:
        return self._observers.setdefault(event, _Observer(dict(self._defaults)))

    @property
    def message(self) -> _Observer:
        return self._observer("message")

    @property
    def edited_message(self) -> _Observer:
        return self._observer("edited_message")

    @property
    def callback_query(self) -> _Observer:
        return self._observer("callback_query")

    @property
    def my_chat_member(self) -> _Observer:
        return self._observer("my_chat_member")

    @property
    def chat_member(self) -> _Observer:
        return self._observer("chat_member")

    @property
    def errors(self) -> _Observer:
        return self._observer("error")

    def build(self) -> Router:
        router = Router(name=self.name)
        for event, recorded in self._observers.items():
            observer = router.observers[event]
            shortcut = _shortcut(event, recorded.handlers)
            if recorded.filters or shortcut is not None:
                observer.filter(*map(inline, recorded.filters), *filter(None, [shortcut]))
            for r in recorded.handlers:
                filters = map(inline, r.filters)
                observer.register(r.callback, *filters, flags=r.flags, **r.kwargs)
        return router


def combine(name: str, *blueprints: Blueprint) -> Callable[[], Router]:
    """A feature made of several blueprints: a fresh plain router with each one's router under
    it, tried in order (a blueprint's own router filters must not hide its siblings)."""

    def build() -> Router:
        router = Router(name=name)
        router.include_routers(*(blueprint.build() for blueprint in blueprints))
        return router

    return build


def _shortcut(event: str, handlers: list[_Registration]) -> Filter | None:
    """A router-level filter that lets an update skip every handler of this blueprint at once
    when none of them could match, instead of trying each handler's filters in turn: button
    data whose prefix none of its CallbackData filters has, or group chatter (not a command)
    for a blueprint whose message handlers are all private. It only ever rejects what every
    handler would reject."""
    if not handlers:
        return None
    if event == "callback_query":
        prefixes: set[str] = set()
        for r in handlers:
            data = [f.callback_data for f in r.filters if isinstance(f, CallbackQueryFilter)]
            if not data or any(d.__separator__ != ":" for d in data):
                return None  # a handler that may take any data
            prefixes.update(d.__prefix__ for d in data)
        return CallbackPrefixes(frozenset(prefixes))
    if event in ("message", "edited_message") and all(r.flags.get(PRIVATE) for r in handlers):
        return PRIVATE_OR_COMMAND
    return None


class CallbackPrefixes(Filter):
    def __init__(self, prefixes: frozenset[str]) -> None:
        self.prefixes = prefixes

    async def __call__(self, query: CallbackQuery) -> bool:
        return (query.data or "").split(":", 1)[0] in self.prefixes


class _PrivateOrCommand(Filter):
    """Private-only handlers still see a command sent in a group (to say "use the private
    chat"); they never need anything else from a group."""

    async def __call__(self, message: Message) -> bool:
        text = message.text or message.caption or ""
        return message.chat.type == "private" or text.startswith("/")


PRIVATE_OR_COMMAND = _PrivateOrCommand()
