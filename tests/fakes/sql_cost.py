"""What handling an update costs the database: SQL statements, writes and commits (no pytest here;
bench/ uses it too).

    counter = SqlCounter(engine)        # listens on the engine's events until close()
    with counter.measure() as cost:     # statements run inside: this task and what it awaits
        await h.send("/help")
    cost.statements, cost.writes, cost.commits

Attributed per update by a tests.fakes.tally.Tally: concurrent updates each get their own, work
outside any `measure()` counts nowhere.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import event
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.ext.asyncio import AsyncEngine

from tests.fakes.tally import Tally

WRITE_VERBS = ("INSERT", "UPDATE", "DELETE")


@dataclass
class SqlCost:
    statements: list[str] = field(default_factory=list)
    commits: int = 0

    @property
    def writes(self) -> list[str]:
        return [s for s in self.statements if s.lstrip().split(None, 1)[0].upper() in WRITE_VERBS]

    def __str__(self) -> str:
        """For assertion messages: the statements themselves, one a line."""
        lines = [f"{len(self.statements)} statements, {self.commits} commits"]
        lines += [" ".join(s.split())[:160] for s in self.statements]
        return "\n  ".join(lines)


class SqlCounter(Tally[SqlCost]):
    def __init__(self, engine: AsyncEngine | Engine) -> None:
        super().__init__(SqlCost)
        self.engine = engine.sync_engine if isinstance(engine, AsyncEngine) else engine
        event.listen(self.engine, "before_cursor_execute", self._statement)
        event.listen(self.engine, "commit", self._commit)

    def close(self) -> None:
        event.remove(self.engine, "before_cursor_execute", self._statement)
        event.remove(self.engine, "commit", self._commit)

    def _statement(self, _conn: Connection, _cursor: Any, statement: str, *_args: Any) -> None:
        cost = self.current
        if cost is not None:
            cost.statements.append(statement)

    def _commit(self, _conn: Connection) -> None:
        cost = self.current
        if cost is not None:
            cost.commits += 1
