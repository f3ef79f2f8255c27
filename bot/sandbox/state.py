"""The sandbox: all state of a local piv.day, plus the Python-side helpers tests drive it with."""

from __future__ import annotations

import math
import random
import string
import uuid
from collections import Counter, deque
from collections.abc import Iterable
from datetime import datetime, timedelta
from decimal import Decimal
from typing import TYPE_CHECKING

import aiohttp

from bot.sandbox import flows
from bot.sandbox.catalog import ALL_SCOPES, demo_countries, demo_proxy_servers, demo_tiers
from bot.sandbox.clock import Clock, FakeClock
from bot.sandbox.errors import ApiError
from bot.sandbox.faults import Fault, normalize_template
from bot.sandbox.models import (
    Account,
    ApiKey,
    Domain,
    DownloadLink,
    Number,
    ProxyOrder,
    QueueEntry,
    White,
    money,
)
from bot.sandbox.scheduler import Job, Scheduler
from bot.sandbox.webhooks import Delivery, WebhookDispatcher

if TYPE_CHECKING:
    from aiohttp import web

RATE_WINDOW = timedelta(seconds=60)
_ALNUM = string.ascii_letters + string.digits


class Sandbox:
    """In-memory piv.day. Deterministic for a given seed and clock."""

    def __init__(
        self,
        *,
        seed: int = 0,
        clock: Clock | None = None,
        rate_limit: int = 100,
        webhook_http: aiohttp.ClientSession | None = None,
    ) -> None:
        self.clock: Clock = clock or FakeClock()
        self.rng = random.Random(seed)
        self.rate_limit = rate_limit  # requests per minute per key; 0 disables
        self.countries = demo_countries()
        self.proxy_servers = {s.id: s for s in demo_proxy_servers()}
        self.tiers = demo_tiers()
        self.keys: dict[str, ApiKey] = {}
        self._team_accounts: dict[str, Account] = {}
        self.numbers_by_id: dict[str, Number] = {}
        self.orders: dict[str, ProxyOrder] = {}
        self.domains_by_id: dict[str, Domain] = {}
        self.queue: dict[str, QueueEntry] = {}
        self.whites_by_id: dict[str, White] = {}
        self.downloads: dict[str, DownloadLink] = {}
        self.taken_phones: set[str] = set()
        self.restore_failures: set[str] = set()  # piv_num_ids whose next restore fails
        self.webhooks = WebhookDispatcher(self.clock, webhook_http)
        self.scheduler = Scheduler()
        self._seq: Counter[str] = Counter()
        self._calls: dict[str, Counter[tuple[str, str]]] = {}
        self._hits: dict[str, deque[datetime]] = {}
        self._faults: list[Fault] = []

    # ---- ids -------------------------------------------------------------------------------
    def now(self) -> datetime:
        return self.clock.now()

    def new_uuid(self) -> str:
        return str(uuid.UUID(int=self.rng.getrandbits(128), version=4))

    def new_token(self, length: int) -> str:
        return "".join(self.rng.choice(_ALNUM) for _ in range(length))

    def next_seq(self, name: str) -> int:
        self._seq[name] += 1
        return self._seq[name]

    # ---- keys and accounts -------------------------------------------------------------------
    def create_key(
        self,
        *,
        balance: Decimal | str = "100.00",
        scopes: Iterable[str] | None = None,
        email: str = "demo@example.com",
        team_id: str | None = None,
    ) -> str:
        """A new API key with play money. Keys with the same team_id share one account."""
        chosen = ALL_SCOPES if scopes is None else frozenset(scopes)
        unknown = chosen - ALL_SCOPES
        if unknown:
            raise ValueError(f"unknown scopes: {sorted(unknown)}")
        if team_id is not None and team_id in self._team_accounts:
            account = self._team_accounts[team_id]
        else:
            account = Account(f"usr-{self.new_uuid()}", email, money(balance), team_id)
            if team_id is not None:
                self._team_accounts[team_id] = account
        secret = f"pk_sbx_{self.new_token(32)}"
        key = ApiKey(
            secret=secret,
            key_id=f"key-{self.next_seq('key')}",
            account=account,
            scopes=chosen,
            is_team_member=team_id is not None,
        )
        self.keys[secret] = key
        return secret

    def key(self, secret: str) -> ApiKey:
        try:
            return self.keys[secret]
        except KeyError:
            raise KeyError("unknown sandbox key") from None

    def authenticate(self, secret: str | None) -> ApiKey:
        key = self.keys.get(secret or "")
        if key is None or key.revoked:
            raise ApiError("UNAUTHORIZED")
        return key

    def revoke_key(self, secret: str) -> None:
        self.key(secret).revoked = True

    def set_scopes(self, secret: str, scopes: Iterable[str]) -> None:
        self.key(secret).scopes = frozenset(scopes)

    def set_webhook(self, secret: str, url: str | None) -> None:
        self.key(secret).webhook_url = url

    # ---- money --------------------------------------------------------------------------------
    def balance(self, secret: str) -> Decimal:
        return self.key(secret).account.balance

    def set_balance(self, secret: str, amount: Decimal | str) -> None:
        self.key(secret).account.balance = money(amount)

    @staticmethod
    def charge(account: Account, amount: Decimal) -> None:
        amount = money(amount)
        if account.balance < amount:
            raise ApiError(
                "INSUFFICIENT_BALANCE",
                f"Not enough balance: required ${amount}, available ${account.balance}",
            )
        account.balance = money(account.balance - amount)

    @staticmethod
    def refund(account: Account, amount: Decimal) -> None:
        account.balance = money(account.balance + amount)

    # ---- events and time ----------------------------------------------------------------------
    def emit(
        self, key: ApiKey, event_type: str, data: dict[str, object], *, filtered: bool = False
    ) -> Delivery:
        return self.webhooks.emit(key, event_type, data, filtered=filtered)

    @property
    def webhook_log(self) -> list[Delivery]:
        return self.webhooks.log

    def schedule(self, delay: timedelta, job: Job) -> None:
        self.scheduler.at(self.now() + delay, job)

    def schedule_at(self, when: datetime, job: Job) -> None:
        self.scheduler.at(when, job)

    def tick(self) -> None:
        """Run every transition due by now (called on each request and by `advance`)."""
        self.scheduler.run_due(self.now())

    async def advance(self, by: float | timedelta) -> None:
        """Move the clock, running each due transition at its own moment; wait for webhooks."""
        delta = by if isinstance(by, timedelta) else timedelta(seconds=by)
        target = self.now() + delta
        self.tick()
        while (due := self.scheduler.next_due()) is not None and due <= target:
            if due > self.now():
                self.clock.advance(due - self.now())
            self.tick()
        if target > self.now():
            self.clock.advance(target - self.now())
        self.tick()
        await self.drain()

    async def drain(self) -> None:
        await self.webhooks.drain()

    async def aclose(self) -> None:
        await self.webhooks.aclose()

    # ---- request accounting -------------------------------------------------------------------
    def record_call(self, key: ApiKey, method: str, template: str) -> None:
        counter = self._calls.setdefault(key.key_id, Counter())
        counter[(method.upper(), normalize_template(template))] += 1

    def calls(self, secret: str, method: str, path_template: str) -> int:
        """How many requests this key sent to e.g. ("POST", "/numbers/purchase")."""
        counter = self._calls.get(self.key(secret).key_id, Counter())
        return counter[(method.upper(), normalize_template(path_template))]

    def check_rate(self, key: ApiKey) -> None:
        if self.rate_limit <= 0:
            return
        now = self.now()
        hits = self._hits.setdefault(key.key_id, deque())
        while hits and hits[0] <= now - RATE_WINDOW:
            hits.popleft()
        if len(hits) >= self.rate_limit:
            wait = max(1, math.ceil((hits[0] + RATE_WINDOW - now).total_seconds()))
            raise ApiError(
                "RATE_LIMITED",
                f"Rate limit exceeded, retry in {wait}s",
                headers={"Retry-After": str(wait)},
            )
        hits.append(now)

    def fail_next(
        self,
        key: str | None,
        method: str,
        path_template: str,
        *,
        code: str = "INTERNAL_ERROR",
        kind: str = "error",
        status: int | None = None,
        message: str | None = None,
        after: bool = False,
        delay: float = 30.0,
        times: int = 1,
    ) -> None:
        """Make the next call(s) to an endpoint fail.

        kind="error" answers `code` with its spec status; "500" an INTERNAL_ERROR; "timeout" holds
        the connection `delay` real seconds; "garbage" answers an HTML gateway page (status 502).
        after=True lets the real handler run first (the money moves) and then fails the answer.
        """
        self._faults.append(
            Fault(
                key_id=None if key is None else self.key(key).key_id,
                method=method.upper(),
                template=normalize_template(path_template),
                kind=kind,
                code=code,
                status=status,
                message=message,
                after=after,
                delay=delay,
                times=times,
            )
        )

    def take_fault(self, key: ApiKey, method: str, template: str) -> Fault | None:
        wanted = normalize_template(template)
        for fault in self._faults:
            if fault.matches(key.key_id, method.upper(), wanted):
                fault.times -= 1
                if fault.times <= 0:
                    self._faults.remove(fault)
                return fault
        return None

    # ---- state views and shortcuts used by tests ----------------------------------------------
    def numbers(self, secret: str) -> list[Number]:
        account = self.key(secret).account
        return [
            n for n in self.numbers_by_id.values() if n.account is account and n.status != "gone"
        ]

    def proxy_orders(self, secret: str) -> list[ProxyOrder]:
        account = self.key(secret).account
        return [o for o in self.orders.values() if o.account is account]

    def domains(self, secret: str) -> list[Domain]:
        account = self.key(secret).account
        return [
            d for d in self.domains_by_id.values() if d.account is account and d.status != "failed"
        ]

    def whites(self, secret: str) -> list[White]:
        account = self.key(secret).account
        return [w for w in self.whites_by_id.values() if w.account is account]

    def set_stock(self, country_code: str, n: int) -> None:
        self.countries[country_code.upper()].stock = n

    def add_number(
        self,
        secret: str,
        country_code: str = "SE",
        *,
        months: int = 1,
        auto_renew: bool = False,
        custom_name: str | None = None,
    ) -> Number:
        """A number owned by the key, without charging (test set-up)."""
        return flows.create_number(
            self, self.key(secret), self.countries[country_code], months, auto_renew, custom_name
        )

    def deliver_sms(self, piv_num_id: str, from_number: str, text: str) -> Delivery:
        """An inbound SMS arrives; returns the sms.received delivery (await it to wait)."""
        number = self.numbers_by_id.get(piv_num_id)
        if number is None or number.status != "active":
            raise ValueError("no active number with that id")
        return flows.receive_sms(self, number, from_number, text)

    def make_app(self, *, control: bool = True) -> web.Application:
        from bot.sandbox.app import build_app

        return build_app(self, control_api=control)
