"""Domain and DNS input, table-tested with hostile input: what a person may type and what piv.day
gets from it (or why it is refused)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.services import validators as v
from bot.services.validators import InvalidInput


def _reason(check: object, *args: str) -> str:
    with pytest.raises(InvalidInput) as caught:
        check(*args)  # type: ignore[operator]
    assert caught.value.reason in v.REASONS
    return caught.value.reason


@pytest.mark.parametrize(
    ("typed", "ascii_name", "unicode_name"),
    [
        ("mysite.com", "mysite.com", "mysite.com"),
        ("  MySite.COM  ", "mysite.com", "mysite.com"),
        ("mysite.com.", "mysite.com", "mysite.com"),
        ("https://mysite.com", "mysite.com", "mysite.com"),
        ("HTTP://WWW.MySite.com/path?q=1#top", "mysite.com", "mysite.com"),
        ("www.mysite.com", "mysite.com", "mysite.com"),
        ("mysite.com:8080", "mysite.com", "mysite.com"),
        ("ftp://shop.mysite.co.uk/", "shop.mysite.co.uk", "shop.mysite.co.uk"),
        ("www.com", "www.com", "www.com"),  # nothing left to strip to
        ("пример.рф", "xn--e1afmkfd.xn--p1ai", "пример.рф"),
        ("ПРИМЕР.РФ", "xn--e1afmkfd.xn--p1ai", "пример.рф"),
        ("https://www.пример.рф/", "xn--e1afmkfd.xn--p1ai", "пример.рф"),
        ("xn--e1afmkfd.xn--p1ai", "xn--e1afmkfd.xn--p1ai", "пример.рф"),
        ("münchen.de", "xn--mnchen-3ya.de", "münchen.de"),
        ("ＭＹＳＩＴＥ．ＣＯＭ", "mysite.com", "mysite.com"),  # full-width, as phones type it
    ],
)
def test_domain_names_are_normalised(typed: str, ascii_name: str, unicode_name: str) -> None:
    name = v.domain_name(typed)
    assert (name.ascii, name.unicode) == (ascii_name, unicode_name)
    assert name.is_idn is (ascii_name != unicode_name)


@pytest.mark.parametrize(
    ("typed", "reason"),
    [
        ("", "empty"),
        ("   ", "empty"),
        ("https://", "empty"),
        ("mysite", "one_label"),
        ("1.2.3.4", "ip_not_name"),
        ("http://10.0.0.1:80/", "ip_not_name"),
        ("::1", "bad_name"),
        ("10.0.0", "bad_name"),
        ("my site.com", "bad_name"),
        ("my_site.com", "bad_name"),
        ("-mysite.com", "bad_name"),
        ("mysite-.com", "bad_name"),
        ("my..site.com", "bad_name"),
        ("a" * 64 + ".com", "bad_name"),
        (".".join(["a" * 60] * 5) + ".com", "too_long"),
        ("user@mysite.com", "bad_name"),
        ("mysite.com<script>", "bad_name"),
        ("xn--zz.com", "bad_name"),
        ("a\u200db.com", "bad_name"),
        ("mysite.com\x00", "bad_name"),
        ("'; DROP TABLE domains;--.com", "bad_name"),
    ],
)
def test_bad_domain_names_are_refused(typed: str, reason: str) -> None:
    assert _reason(v.domain_name, typed) == reason


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("ns1.example.com", "ns1.example.com"),
        ("NS1.Example.COM.", "ns1.example.com"),
        ("ns.пример.рф", "ns.xn--e1afmkfd.xn--p1ai"),
    ],
)
def test_hostnames(typed: str, expected: str) -> None:
    assert v.hostname(typed) == expected


@pytest.mark.parametrize(
    ("typed", "reason"),
    [
        ("localhost", "one_label"),
        ("1.2.3.4", "ip_not_name"),
        ("2001:db8::1", "ip_not_name"),
        ("https://ns1.example.com", "bad_name"),
        ("ns1.example.com/x", "bad_name"),
        ("", "empty"),
    ],
)
def test_bad_hostnames(typed: str, reason: str) -> None:
    assert _reason(v.hostname, typed) == reason


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("@", "@"),
        ("www", "www"),
        ("WWW", "www"),
        ("*", "*"),
        ("*.dev", "*.dev"),
        ("_dmarc", "_dmarc"),
        ("s1._domainkey", "s1._domainkey"),
        ("mail.eu", "mail.eu"),
        ("mysite.com", "@"),
        ("mysite.com.", "@"),
        ("www.mysite.com", "www"),
        ("магазин", "xn--80aairftm"),
    ],
)
def test_record_names(typed: str, expected: str) -> None:
    assert v.record_name(typed, "mysite.com") == expected


@pytest.mark.parametrize(
    ("typed", "reason"),
    [
        ("", "empty"),
        ("a.*", "bad_name"),
        ("**", "bad_name"),
        ("a b", "bad_name"),
        ("_мой", "bad_name"),
        ("-www", "bad_name"),
        ("a..b", "bad_name"),
        ("@.www", "bad_name"),
        (".".join(["a" * 60] * 4), "too_long"),
    ],
)
def test_bad_record_names(typed: str, reason: str) -> None:
    assert _reason(v.record_name, typed, "mysite.com") == reason


@pytest.mark.parametrize(
    ("record_type", "typed", "expected"),
    [
        ("A", " 203.0.113.10 ", "203.0.113.10"),
        ("A", "10.0.0.1", "10.0.0.1"),
        ("AAAA", "2001:DB8::0001", "2001:db8::1"),
        ("AAAA", "::ffff:1.2.3.4", "::ffff:102:304"),
        ("CNAME", "Target.Example.net.", "target.example.net"),
        ("MX", "mail.пример.рф", "mail.xn--e1afmkfd.xn--p1ai"),
        ("NS", "ns1.example.com", "ns1.example.com"),
        ("TXT", ' "v=spf1 include:_spf.google.com ~all" ', '"v=spf1 include:_spf.google.com ~all"'),
        ("TXT", "x" * v.TXT_MAX, "x" * v.TXT_MAX),
        ("TXT", "Привет, мир", "Привет, мир"),
    ],
)
def test_record_content_per_type(record_type: str, typed: str, expected: str) -> None:
    assert v.record_content(record_type, typed) == expected


@pytest.mark.parametrize(
    ("record_type", "typed", "reason"),
    [
        ("A", "1.2.3", "ipv4"),
        ("A", "01.2.3.4", "ipv4"),
        ("A", "256.1.1.1", "ipv4"),
        ("A", "1.2.3.4/32", "ipv4"),
        ("A", "0.0.0.0", "ipv4"),
        ("A", "224.0.0.1", "ipv4"),
        ("A", "2001:db8::1", "ipv4"),
        ("A", "mysite.com", "ipv4"),
        ("AAAA", "1.2.3.4", "ipv6"),
        ("AAAA", "fe80::1%eth0", "ipv6"),
        ("AAAA", "::", "ipv6"),
        ("AAAA", "ff02::1", "ipv6"),
        ("AAAA", "2001:db8:::1", "ipv6"),
        ("CNAME", "1.2.3.4", "ip_not_name"),
        ("CNAME", "target", "one_label"),
        ("MX", "", "empty"),
        ("NS", "ns_1.example.com", "bad_name"),
        ("TXT", "", "empty"),
        ("TXT", "x" * (v.TXT_MAX + 1), "too_long"),
        ("TXT", "line\nbreak", "control"),
        ("TXT", "bell\x07", "control"),
    ],
)
def test_bad_record_content(record_type: str, typed: str, reason: str) -> None:
    assert _reason(v.record_content, record_type, typed) == reason


@pytest.mark.parametrize(
    ("typed", "expected"), [("1", 1), ("auto", 1), (" AUTO ", 1), ("60", 60), ("86400", 86400)]
)
def test_ttl(typed: str, expected: int) -> None:
    assert v.ttl(typed) == expected


@pytest.mark.parametrize("typed", ["0", "2", "59", "86401", "-1", "1.5", "1e3", "", "٣٠٠", "９９"])
def test_bad_ttl(typed: str) -> None:
    assert _reason(v.ttl, typed) == "ttl"


@pytest.mark.parametrize(("typed", "expected"), [("0", 0), ("10", 10), (" 65535 ", 65535)])
def test_mx_priority(typed: str, expected: int) -> None:
    assert v.mx_priority(typed) == expected


@pytest.mark.parametrize("typed", ["-1", "65536", "ten", "", "10.5", "9" * 100])
def test_bad_mx_priority(typed: str) -> None:
    assert _reason(v.mx_priority, typed) == "priority"


def test_nameservers_are_split_on_lines_spaces_and_commas() -> None:
    typed = "NS1.Example.com.\nns2.example.com, ns3.example.com;ns4.example.com"
    assert v.nameservers(typed) == [f"ns{i}.example.com" for i in range(1, 5)]


@pytest.mark.parametrize(
    ("typed", "reason"),
    [
        ("", "empty"),
        ("ns1.example.com", "ns_count"),
        ("ns1.example.com ns1.example.com", "ns_repeat"),
        ("ns1.example.com NS1.EXAMPLE.COM.", "ns_repeat"),
        (" ".join(f"ns{i}.example.com" for i in range(14)), "ns_count"),
        ("ns1.example.com 1.2.3.4", "ip_not_name"),
        ("ns1.example.com ns2", "one_label"),
    ],
)
def test_bad_nameservers(typed: str, reason: str) -> None:
    assert _reason(v.nameservers, typed) == reason


@given(st.text(max_size=300))
def test_any_text_is_accepted_as_a_sendable_name_or_refused_with_a_reason(typed: str) -> None:
    try:
        name = v.domain_name(typed)
    except InvalidInput as exc:
        assert exc.reason in v.REASONS
        return
    assert name.ascii.isascii() and name.ascii == name.ascii.lower()
    assert len(name.ascii) <= v.NAME_MAX and "." in name.ascii
    assert v.domain_name(name.ascii) == name  # normalising twice changes nothing


@given(st.text(max_size=300))
def test_any_record_name_is_relative_ascii_or_refused(typed: str) -> None:
    try:
        name = v.record_name(typed, "mysite.com")
    except InvalidInput as exc:
        assert exc.reason in v.REASONS
        return
    assert name.isascii() and not name.endswith("mysite.com")
