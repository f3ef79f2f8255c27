"""The one-time code in an SMS text: `extract_code("G-123456 is your Google code") == "123456"`.

What counts as a code: 4–8 digits standing alone (`123456`), Google's `G-123456`, or a code split
in two equal halves by a space or a dash (`123 456`, `123-456`, `1234 5678`); it is returned as
digits only, ready to paste. A message must name a code somewhere ("code", "код", "пароль",
"OTP", "verification", "kodu", "código", "验证码"…) or use the `G-` form; then the candidate
nearest to such a word wins (a little closer when it follows the word, as in "code: 1234").
Numbers that only look like codes are masked out first: phone numbers, amounts with a currency,
dates and times, masked cards (`*1234`, `VISA1234`, "ending 1234"), order numbers (`#123456`,
`№123456`) and links. A text without a code word, or with nothing left, has no code (None):
better no copy button than a wrong one.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

_CURRENCY = r"(?:[$€£₽₴₸¥]|usd|eur|rub|uah|kzt|gbp|руб\w*|р\.|р\b|грн|тг|сум|lei|zł|pln)"
# Amounts: "1 250,00", "1,250.00", "500", with a currency before or after.
_AMOUNT = r"\d{1,3}(?:[ \u00a0,.]\d{3})*(?:[.,]\d{1,2})?|\d+(?:[.,]\d{1,2})?"

# Spans that are never codes, replaced by spaces (offsets kept) before looking for candidates.
_NOT_CODES = re.compile(
    "|".join(
        [
            r"(?:https?://|www\.)\S+",  # links
            r"\+?\d(?:[\s().-]{0,2}\d){8,}",  # phone numbers and long ids (9+ digits)
            rf"{_CURRENCY}\s?(?:{_AMOUNT})",  # $25.00, ₽ 500
            rf"(?:{_AMOUNT})\s?{_CURRENCY}",  # 1 250,00 RUB, 500р
            r"\d{1,4}[./-]\d{1,2}[./-]\d{2,4}",  # dates 12.05.2026, 2026-05-12
            r"\d{1,2}:\d{2}(?::\d{2})?",  # times 14:30
            r"[*•xX]{1,6}\s?\d{4}",  # masked cards *1234, ••1234
            r"(?:visa|mir|ecmc|mc|maestro|mastercard|amex|card|карт\w*|сч[её]т\w*)"
            r"\s?[*•-]?\s?\d{4}(?!\d)",
            r"(?:ending(?: in)?|оканчива\w*(?: на)?|заканчива\w*(?: на)?)\s\d{4}",
            r"[#№]\s?\d+",  # order and document numbers
        ]
    ),
    re.IGNORECASE,
)

# Words that announce a code. Stems, so that "Bestätigungscode", "кодом", "kodunuz" match too;
# the short ones (pin, otp) only as whole words ("shipping" has no PIN).
_CODE_WORDS = re.compile(
    r"code|c[oó]digo|codice|kod|код|парол|passwor|passcode|pass\s?code|\bpin\b|\botp\b|"
    r"verif|подтвержд|підтвердж|sign[\s-]?in|log[\s-]?in|вход|войти|\bmã\b|验证码|認証|"
    r"コード|인증|رمز|קוד|κωδικ",
    re.IGNORECASE,
)

_GOOGLE = re.compile(r"(?<![0-9A-Za-z])G-(\d{4,8})(?!\d)")
_SPLIT = re.compile(r"(?<![0-9A-Za-z])(\d{3,4})[ -](\d{3,4})(?![0-9A-Za-z])")
_PLAIN = re.compile(r"(?<![0-9A-Za-z])(\d{4,8})(?![0-9A-Za-z])")

# A code after its word ("code: 1234") is a little more likely than one before it.
_BEFORE_WEIGHT = 1.5


@dataclass(frozen=True, slots=True)
class _Candidate:
    code: str
    start: int
    end: int
    marked: bool  # the G- form names itself as a code


def _masked(text: str) -> str:
    return _NOT_CODES.sub(lambda m: " " * len(m.group()), text)


def _candidates(text: str) -> list[_Candidate]:
    found = [_Candidate(m.group(1), m.start(), m.end(), True) for m in _GOOGLE.finditer(text)]
    taken = [(c.start, c.end) for c in found]
    for m in _SPLIT.finditer(text):
        if len(m.group(1)) == len(m.group(2)) and not _overlaps(m.span(), taken):
            found.append(_Candidate(m.group(1) + m.group(2), m.start(), m.end(), False))
            taken.append(m.span())
    for m in _PLAIN.finditer(text):
        if not _overlaps(m.span(), taken):
            found.append(_Candidate(m.group(1), m.start(), m.end(), False))
    return found


def _overlaps(span: tuple[int, int], taken: list[tuple[int, int]]) -> bool:
    return any(span[0] < end and start < span[1] for start, end in taken)


def _distance(c: _Candidate, words: list[tuple[int, int]]) -> float:
    best = float("inf")
    for start, end in words:
        if c.start >= end:
            best = min(best, c.start - end)
        elif c.end <= start:
            best = min(best, (start - c.end) * _BEFORE_WEIGHT)
        else:
            best = 0
    return best


def extract_code(text: str) -> str | None:
    """The code in an SMS text as digits, or None when there is none (see the module doc)."""
    if not text:
        return None
    masked = _masked(text)
    candidates = _candidates(masked)
    if not candidates:
        return None
    marked = [c for c in candidates if c.marked]
    if marked:
        return _ascii(marked[0].code)
    words = [m.span() for m in _CODE_WORDS.finditer(masked)]
    if not words:
        return None
    return _ascii(min(candidates, key=lambda c: (_distance(c, words), c.start)).code)


def _ascii(digits: str) -> str:
    """٤٨٢٩ → 4829: a code is pasted into forms that expect ASCII digits."""
    return "".join(str(unicodedata.decimal(ch)) for ch in digits)
