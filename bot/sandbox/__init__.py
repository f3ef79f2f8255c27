"""A stateful local piv.day: the whole API in memory, its webhooks and a control API.

sb = Sandbox(seed=1)                 # FakeClock by default: time moves only via advance()
key = sb.create_key(balance="100.00")
app = sb.make_app()                  # serve /api/v1/... (+ /_sandbox/... control API)
"""

from bot.sandbox.catalog import ALL_SCOPES
from bot.sandbox.clock import Clock, FakeClock, SystemClock
from bot.sandbox.state import Sandbox
from bot.sandbox.webhooks import Delivery

__all__ = ["ALL_SCOPES", "Clock", "Delivery", "FakeClock", "Sandbox", "SystemClock"]
