"""The one-time code in an SMS text: `extract_code("G-123456 is your Google code") == "123456"`.

Placeholder: the events branch brings the full extractor (code words in many languages, amounts,
phones and dates masked) under this same path and signature; this minimal one keeps the numbers
feature working until it lands: a `G-` code, else the first 4–8 digits standing alone in a text
that names a code.
"""

from __future__ import annotations

import re

_GOOGLE = re.compile(r"(?<![0-9A-Za-z])G-(\d{4,8})(?!\d)")
_PLAIN = re.compile(r"(?<![0-9A-Za-z+])(\d{4,8})(?![0-9A-Za-z])")
_CODE_WORDS = re.compile(r"code|код|kod|c[oó]digo|pin|otp|verif|парол|passw", re.IGNORECASE)


def extract_code(text: str) -> str | None:
    google = _GOOGLE.search(text)
    if google:
        return google.group(1)
    if not _CODE_WORDS.search(text):
        return None
    plain = _PLAIN.search(text)
    return plain.group(1) if plain else None
