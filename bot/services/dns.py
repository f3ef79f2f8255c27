"""DNS records of a domain on Cloudflare: list, add (a record built step by step), change one
field, delete. Free calls, so no confirmation card; a deletion asks Yes/No in the chat first.

A button names a record by `ref()`, a short digest of its id: callback data (64 bytes) has room
for the domain's id and 8 more characters, not for two ids.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any

from bot.services import validators as v

if TYPE_CHECKING:
    from bot.pivday import PivDayClient
    from bot.pivday.models import DnsRecord

RECORD_TYPES = v.RECORD_TYPES  # the types the bot offers: A, AAAA, CNAME, MX, TXT, NS
PROXIABLE = frozenset({"A", "AAAA", "CNAME"})  # Cloudflare proxies only these
PER_PAGE = 8
REF_LEN = 8


def ref(value: str) -> str:
    """A short digest that names a record id (or a checked domain name) in callback data."""
    return hashlib.sha256(value.encode()).hexdigest()[:REF_LEN]


def needs_priority(record_type: str | None) -> bool:
    return record_type == "MX"


def can_proxy(record_type: str | None) -> bool:
    return record_type in PROXIABLE


def record_body(record: Mapping[str, Any]) -> dict[str, Any]:
    """A record (a finished draft) as piv.day takes it: registration's dns_records and POST …/dns.
    `proxied` only where Cloudflare can proxy, `priority` only for MX."""
    body: dict[str, Any] = {
        "type": record["type"],
        "name": record["name"],
        "content": record["content"],
        "ttl": int(record.get("ttl") or v.TTL_AUTO),
        "proxied": bool(record.get("proxied")) and can_proxy(record["type"]),
    }
    if needs_priority(record["type"]):
        body["priority"] = int(record["priority"])
    return body


async def records(client: PivDayClient, domain_id: str) -> list[DnsRecord]:
    return await client.domains.dns(domain_id)


async def find(client: PivDayClient, domain_id: str, record_ref: str) -> DnsRecord | None:
    """The record a button names, as piv.day has it now (None when it is gone)."""
    for record in await records(client, domain_id):
        if record.id is not None and ref(record.id) == record_ref:
            return record
    return None


async def add(client: PivDayClient, domain_id: str, draft: Mapping[str, Any]) -> DnsRecord:
    return await client.domains.add_dns(domain_id=domain_id, **record_body(draft))


# What a typed value for one field must be. The record's type and the domain's name matter.
_PARSE: dict[str, Callable[[str, str, str], Any]] = {
    "name": lambda text, _type, zone: v.record_name(text, zone),
    "content": lambda text, record_type, _zone: v.record_content(record_type, text),
    "ttl": lambda text, _type, _zone: v.ttl(text),
    "priority": lambda text, _type, _zone: v.mx_priority(text),
}
TYPED_FIELDS = tuple(_PARSE)


def parse_field(field: str, text: str, *, record_type: str, zone: str) -> Any:
    """The value to send for `field` from what was typed; raises validators.InvalidInput."""
    return _PARSE[field](text, record_type, zone)


async def update(
    client: PivDayClient, domain_id: str, record_id: str, *, field: str, value: Any
) -> None:
    """Change one field (piv.day overwrites only the fields given)."""
    changes: dict[str, Any] = {field: value}
    await client.domains.update_dns(domain_id=domain_id, record_id=record_id, **changes)


async def delete(client: PivDayClient, domain_id: str, record_id: str) -> None:
    await client.domains.delete_dns(domain_id=domain_id, record_id=record_id)
