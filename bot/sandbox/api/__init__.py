"""The /api/v1 endpoints, one module per area of the spec."""

from __future__ import annotations

from bot.sandbox.api import account, domains, numbers, proxy, whites
from bot.sandbox.routing import Endpoint

# Static paths before parametrised ones ("/domains/search" before "/domains/{id}"): each module
# registers in that order, and aiohttp matches in registration order.
ENDPOINTS: list[Endpoint] = [
    *account.table.endpoints,
    *numbers.table.endpoints,
    *proxy.table.endpoints,
    *domains.table.endpoints,
    *whites.table.endpoints,
]
