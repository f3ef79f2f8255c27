"""Every failure gets a localized, human answer, in English and Russian."""

from __future__ import annotations

import pytest

from bot.i18n import LocaleTranslator as T
from bot.pivday import errors as pe
from bot.services import errors as se
from bot.ui.errors import ERROR_KEYS, error_text


def test_every_documented_code_has_its_own_key() -> None:
    assert set(pe.ERROR_CLASSES) <= set(ERROR_KEYS)
    piv_keys = [ERROR_KEYS[code] for code in pe.ERROR_CLASSES]
    assert len(set(piv_keys)) == len(piv_keys), "two codes share one answer"


@pytest.mark.parametrize("code", sorted(pe.ERROR_CLASSES))
def test_each_code_renders_in_both_locales(t: T, code: str) -> None:
    exc = pe.error_for(code, "server words", 400, {"Retry-After": "7"})
    text = error_text(t, exc)
    assert text and "{" not in text and code not in text


def test_insufficient_balance_states_required_and_available(t: T) -> None:
    exc = pe.error_for(
        "INSUFFICIENT_BALANCE", "Not enough balance: required $5.00, available $1.20", 402
    )
    text = error_text(t, exc)
    assert "$5.00" in text and "$1.20" in text and "$3.80" in text
    bare = error_text(t, pe.error_for("INSUFFICIENT_BALANCE", "no money", 402))
    assert "$" not in bare and bare != text


def test_rate_limited_says_when_to_retry(t: T) -> None:
    exc = pe.error_for("RATE_LIMITED", "Rate limit exceeded", 429, {"Retry-After": "12"})
    assert "12" in error_text(t, exc)
    assert "3" in error_text(t, pe.RateLimitedError("RATE_LIMITED", "x", 429, retry_after=2.2))


def test_number_expired_explains_restore(t: T) -> None:
    text = error_text(t, pe.error_for("NUMBER_EXPIRED", "expired", 403))
    assert "7" in text


@pytest.mark.parametrize(
    ("exc", "key"),
    [
        (pe.PivDayTimeoutError("POST /numbers/purchase timed out"), "error-timeout"),
        (pe.PivDayConnectionError("connection refused"), "error-unreachable"),
        (pe.PivDayBadResponseError(502, "html"), "error-bad-response"),
    ],
)
def test_transport_errors(t: T, exc: Exception, key: str) -> None:
    assert error_text(t, exc) == t.get(key)


def test_unknown_code_shows_piv_days_words_escaped(t: T) -> None:
    text = error_text(t, pe.error_for("BRAND_NEW", "<b>odd</b> thing", 400))
    assert "BRAND_NEW" in text and "&lt;b&gt;odd&lt;/b&gt;" in text


def test_unexpected_gets_the_reference_and_no_exception_text(t: T) -> None:
    text = error_text(t, RuntimeError("secret internals"), reference="AB12CD34")
    assert "AB12CD34" in text and "secret" not in text and "RuntimeError" not in text


def test_error_codes_for_bookkeeping() -> None:
    assert (
        se.error_code_of(pe.error_for("NO_NUMBERS_AVAILABLE", "x", 400)) == "NO_NUMBERS_AVAILABLE"
    )
    assert se.error_code_of(pe.PivDayTimeoutError("t")) == se.TIMEOUT
    assert se.error_code_of(pe.LocalValidationError("months", "must be ≥ 1")) == "LOCAL_VALIDATION"
    assert se.error_code_of(KeyError("x")) == se.UNEXPECTED
    assert len(se.new_reference()) == 8
