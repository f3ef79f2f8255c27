"""Request-body and query validation that names the offending field (400 VALIDATION_ERROR)."""

from __future__ import annotations

import re
from collections.abc import Collection, Mapping
from typing import Any

from bot.sandbox.errors import validation

E164 = re.compile(r"^\+[1-9]\d{6,14}$")
# Lower-case ASCII host names; the last label is letters or an IDN TLD in punycode (xn--p1ai
# for .рф), as registries sell them.
HOSTNAME = re.compile(
    r"^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+([a-z]{2,63}|xn--[a-z0-9-]{1,59})$"
)
_MISSING = object()


class Fields:
    """Typed getters over a JSON object; each raises VALIDATION_ERROR naming the field."""

    def __init__(self, body: Mapping[str, Any]) -> None:
        self.body = body

    def _get(self, name: str, required: bool) -> Any:
        value = self.body.get(name, _MISSING)
        if value is _MISSING or value is None:
            if required:
                raise validation(name, "is required")
            return _MISSING
        return value

    def has(self, name: str) -> bool:
        return self.body.get(name) is not None

    def str_(
        self,
        name: str,
        *,
        required: bool = True,
        min_len: int = 0,
        max_len: int = 1000,
        choices: Collection[str] | None = None,
        pattern: re.Pattern[str] | None = None,
        default: str | None = None,
    ) -> str | None:
        value = self._get(name, required)
        if value is _MISSING:
            return default
        if not isinstance(value, str):
            raise validation(name, "must be a string")
        if not min_len <= len(value) <= max_len:
            raise validation(name, f"length must be {min_len}–{max_len} characters")
        if choices is not None and value not in choices:
            raise validation(name, f"must be one of {', '.join(sorted(choices))}")
        if pattern is not None and not pattern.match(value):
            raise validation(name, "has an invalid format")
        return value

    def req_str(self, name: str, **kw: Any) -> str:
        value = self.str_(name, required=True, **kw)
        assert value is not None
        return value

    def int_(
        self, name: str, *, required: bool = True, lo: int, hi: int, default: int | None = None
    ) -> int | None:
        value = self._get(name, required)
        if value is _MISSING:
            return default
        # bool is an int subclass in Python; JSON true is not an integer.
        if isinstance(value, bool) or not isinstance(value, int):
            raise validation(name, "must be an integer")
        if not lo <= value <= hi:
            raise validation(name, f"must be between {lo} and {hi}")
        return value

    def req_int(self, name: str, *, lo: int, hi: int) -> int:
        value = self.int_(name, required=True, lo=lo, hi=hi)
        assert value is not None
        return value

    def bool_(
        self, name: str, *, required: bool = True, default: bool | None = None
    ) -> bool | None:
        value = self._get(name, required)
        if value is _MISSING:
            return default
        if not isinstance(value, bool):
            raise validation(name, "must be a boolean")
        return value

    def req_bool(self, name: str) -> bool:
        value = self.bool_(name, required=True)
        assert value is not None
        return value

    def str_list(
        self,
        name: str,
        *,
        required: bool = True,
        min_items: int = 0,
        max_items: int = 100,
        item_max_len: int = 255,
    ) -> list[str] | None:
        value = self._get(name, required)
        if value is _MISSING:
            return None
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise validation(name, "must be an array of strings")
        if not min_items <= len(value) <= max_items:
            raise validation(name, f"must have {min_items}–{max_items} items")
        if any(len(v) > item_max_len for v in value):
            raise validation(name, f"items must be at most {item_max_len} characters")
        return list(value)

    def obj_list(self, name: str, *, max_items: int = 100) -> list[Mapping[str, Any]] | None:
        value = self._get(name, False)
        if value is _MISSING:
            return None
        if not isinstance(value, list) or not all(isinstance(v, dict) for v in value):
            raise validation(name, "must be an array of objects")
        if len(value) > max_items:
            raise validation(name, f"must have at most {max_items} items")
        return list(value)


def query_int(query: Mapping[str, str], name: str, *, default: int, lo: int, hi: int) -> int:
    raw = query.get(name)
    if raw is None or raw == "":
        return default
    try:
        value = int(raw)
    except ValueError:
        raise validation(name, "must be an integer") from None
    if not lo <= value <= hi:
        raise validation(name, f"must be between {lo} and {hi}")
    return value


def query_choice(query: Mapping[str, str], name: str, choices: Collection[str]) -> str | None:
    raw = query.get(name)
    if raw is None or raw == "":
        return None
    if raw not in choices:
        raise validation(name, f"must be one of {', '.join(sorted(choices))}")
    return raw


def page(
    query: Mapping[str, str], items: list[Any], *, default_limit: int, max_limit: int
) -> tuple[list[Any], dict[str, int]]:
    """Slice a filtered list and build the spec's pagination block."""
    limit = query_int(query, "limit", default=default_limit, lo=1, hi=max_limit)
    offset = query_int(query, "offset", default=0, lo=0, hi=10**9)
    return items[offset : offset + limit], {"total": len(items), "limit": limit, "offset": offset}
