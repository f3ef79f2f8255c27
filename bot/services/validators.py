"""What people type for domains and DNS, checked and normalised before anything is sent.

Host names go through the `idna` package (IDNA 2008 with UTS #46 mapping: case folding, full-width
characters, Cyrillic and other scripts to punycode) and addresses through `ipaddress`, never
through hand-written patterns. Every refusal is an `InvalidInput` whose `reason` names what is
wrong (a view turns it into a sentence); the accepted value is what piv.day gets.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Callable
from dataclasses import dataclass

import idna

NAME_MAX = 253  # a whole DNS name, dots included (RFC 1035)
TXT_MAX = 2048  # Cloudflare's limit for a TXT record's content
TTL_AUTO = 1  # piv.day/Cloudflare: 1 means "automatic"
TTL_MIN, TTL_MAX = 60, 86400
PRIORITY_MAX = 65535
NAMESERVERS_MIN, NAMESERVERS_MAX = 2, 13
APEX, WILDCARD = "@", "*"


class InvalidInput(ValueError):
    """`reason` is one of the REASONS below."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


REASONS = (
    "empty",  # nothing (or only spaces) was typed
    "too_long",  # over NAME_MAX, or a TXT value over TXT_MAX
    "bad_name",  # not a valid host name (characters, empty or long labels, hyphens)
    "one_label",  # a domain needs a dot: "mysite" instead of "mysite.com"
    "ip_not_name",  # an IP address where a host name belongs
    "ipv4",  # not an IPv4 address
    "ipv6",  # not an IPv6 address
    "ttl",  # not 1 (auto) nor 60..86400 seconds
    "priority",  # not 0..65535
    "control",  # control characters in a text value
    "ns_count",  # fewer than 2 or more than 13 nameservers
    "ns_repeat",  # the same nameserver twice
)


@dataclass(frozen=True, slots=True)
class DomainName:
    """A domain as piv.day wants it (`ascii`, punycode for IDNs) and as people read it."""

    ascii: str
    unicode: str

    @property
    def is_idn(self) -> bool:
        return self.ascii != self.unicode


def _encode(name: str) -> str:
    """IDNA 2008 with UTS #46 mapping and STD3 rules (letters, digits, hyphens only), label by
    label, so a name that is merely too long is told apart from a malformed one."""
    try:
        mapped = idna.uts46_remap(name, std3_rules=True, transitional=False)
        labels = [idna.alabel(label).decode("ascii") for label in mapped.split(".")]
    except (idna.IDNAError, UnicodeError, ValueError):
        raise InvalidInput("bad_name") from None
    ascii_name = ".".join(labels)
    if len(ascii_name) > NAME_MAX:
        raise InvalidInput("too_long")
    return ascii_name


def _is_ip(text: str) -> bool:
    try:
        ipaddress.ip_address(text)
    except ValueError:
        return False
    return True


def _host(text: str, *, min_labels: int) -> str:
    """The ASCII form of a host name typed by a person (case, one trailing dot, IDN)."""
    name = text.strip()
    if not name:
        raise InvalidInput("empty")
    name = name.removesuffix(".")
    if _is_ip(name):
        raise InvalidInput("ip_not_name")
    ascii_name = _encode(name)
    labels = ascii_name.split(".")
    if len(labels) < min_labels:
        raise InvalidInput("one_label")
    if labels[-1].isdigit():  # "10.0.0" is not an address and not a name
        raise InvalidInput("bad_name")
    return ascii_name


def hostname(text: str) -> str:
    """A fully qualified host name (a nameserver, a CNAME/NS/MX target): at least two labels."""
    return _host(text, min_labels=2)


def _strip_url(text: str) -> str:
    """ "https://www.Site.com:8080/path?q" → "www.Site.com": what people paste from a browser."""
    name = text.strip()
    if "://" in name:
        name = name.split("://", 1)[1]
    for cut in "/?#":
        name = name.split(cut, 1)[0]
    host, colon, port = name.rpartition(":")
    if colon and port.isdigit() and host:
        name = host
    return name


def domain_name(text: str) -> DomainName:
    """A domain to check or register, from whatever was typed: a scheme, a path, `www.`, upper
    case and a trailing dot are dropped; an IDN becomes punycode."""
    name = _strip_url(text).removesuffix(".")
    if "@" in name:  # user@host, an e-mail address
        raise InvalidInput("bad_name")
    ascii_name = _host(name, min_labels=2)
    if ascii_name.startswith("www.") and ascii_name.count(".") >= 2:
        ascii_name = ascii_name[4:]
    return DomainName(ascii_name, idna.decode(ascii_name))


def display(ascii_name: str) -> str:
    """The readable form of a punycode name (unchanged when it isn't one, or doesn't decode)."""
    try:
        return idna.decode(ascii_name)
    except (idna.IDNAError, UnicodeError, ValueError):
        return ascii_name


def _record_label(label: str, *, first: bool) -> str:
    if label == WILDCARD and first:
        return label
    if "_" in label:
        # Service labels (_dmarc, _domainkey, s1_key) are ASCII letters, digits, hyphens and
        # underscores; idna refuses "_", so check the rest of the label with it in place of one.
        if not label.isascii():
            raise InvalidInput("bad_name")
        _encode(label.replace("_", "x"))
        return label.lower()
    return _encode(label)


def record_name(text: str, zone: str) -> str:
    """A record name relative to `zone` (the domain's ASCII name): "@" for the domain itself,
    "www", "*", "_dmarc", "a.b"; a full name inside the zone ("www.mysite.com") is made
    relative."""
    name = text.strip().removesuffix(".")
    if not name:
        raise InvalidInput("empty")
    if name == APEX:
        return APEX
    labels = name.split(".")
    ascii_labels = [_record_label(label, first=i == 0) for i, label in enumerate(labels)]
    relative = ".".join(ascii_labels)
    if relative == zone:
        return APEX
    # Like Cloudflare: a name that doesn't end with the zone is relative to it.
    relative = relative.removesuffix("." + zone)
    if len(relative) + 1 + len(zone) > NAME_MAX:
        raise InvalidInput("too_long")
    return relative


def ipv4(text: str) -> str:
    try:
        address = ipaddress.IPv4Address(text.strip())
    except ValueError:
        raise InvalidInput("ipv4") from None
    if address.is_unspecified or address.is_multicast:
        raise InvalidInput("ipv4")
    return str(address)


def ipv6(text: str) -> str:
    value = text.strip()
    if "%" in value:  # a zone id (fe80::1%eth0) only means something on one machine
        raise InvalidInput("ipv6")
    try:
        address = ipaddress.IPv6Address(value)
    except ValueError:
        raise InvalidInput("ipv6") from None
    if address.is_unspecified or address.is_multicast:
        raise InvalidInput("ipv6")
    return address.compressed


def _integer(text: str, reason: str) -> int:
    value = text.strip()
    if not value.isascii() or not value.isdigit() or len(value) > 6:
        raise InvalidInput(reason)
    return int(value)


def ttl(text: str) -> int:
    """1 (or "auto") for automatic, else seconds from 60 to 86400."""
    if text.strip().lower() == "auto":
        return TTL_AUTO
    seconds = _integer(text, "ttl")
    if seconds != TTL_AUTO and not TTL_MIN <= seconds <= TTL_MAX:
        raise InvalidInput("ttl")
    return seconds


def mx_priority(text: str) -> int:
    value = _integer(text, "priority")
    if value > PRIORITY_MAX:
        raise InvalidInput("priority")
    return value


def txt(text: str) -> str:
    value = text.strip()
    if not value:
        raise InvalidInput("empty")
    if len(value) > TXT_MAX:
        raise InvalidInput("too_long")
    if any(not ch.isprintable() for ch in value):
        raise InvalidInput("control")
    return value


# What a record's content must be, per type; the bot offers these types.
CONTENT: dict[str, Callable[[str], str]] = {
    "A": ipv4,
    "AAAA": ipv6,
    "CNAME": hostname,
    "MX": hostname,
    "TXT": txt,
    "NS": hostname,
}
RECORD_TYPES = tuple(CONTENT)


def record_content(record_type: str, text: str) -> str:
    check = CONTENT.get(record_type.upper())
    if check is None:  # a type the bot doesn't offer, edited: piv.day has the final word
        return txt(text)
    return check(text)


def nameservers(text: str) -> list[str]:
    """Two to thirteen distinct host names, one per line or separated by spaces or commas."""
    names = [hostname(part) for part in text.replace(",", " ").replace(";", " ").split()]
    if not names:
        raise InvalidInput("empty")
    if len(set(names)) != len(names):
        raise InvalidInput("ns_repeat")
    if not NAMESERVERS_MIN <= len(names) <= NAMESERVERS_MAX:
        raise InvalidInput("ns_count")
    return names
