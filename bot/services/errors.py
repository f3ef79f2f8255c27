"""What went wrong, as data: a stable code for every failure and short reference ids.

The chat shows a localized line per code (bot/ui/errors.py); the log and the audit table get the
same code and, for anything unexpected, the same reference id the user sees.
"""

from __future__ import annotations

import secrets

from bot.pivday import errors as pe

# Codes for failures that never got a piv.day error code of their own.
TIMEOUT = "TIMEOUT"
UNREACHABLE = "UNREACHABLE"
BAD_RESPONSE = "BAD_RESPONSE"
TRANSPORT = "TRANSPORT"
LOCAL_VALIDATION = "LOCAL_VALIDATION"
UNEXPECTED = "UNEXPECTED"
KEY_REMOVED = "KEY_REMOVED"
KEY_UNREADABLE = "KEY_UNREADABLE"


class KeyRemovedError(LookupError):
    """The key a confirmation was quoted under is gone: nothing is sent with another key."""


class KeyUnreadableError(LookupError):
    """A stored key no longer decrypts (tampered row, or ENCRYPTION_KEYS lost its key)."""


def new_reference() -> str:
    """A short id a user can quote to the operator: 8 hex digits, grep-able in the log."""
    return secrets.token_hex(4).upper()


def error_code_of(exc: BaseException) -> str:
    """The code stored in confirmations/audit and used to pick the answer in chat."""
    if isinstance(exc, pe.PivDayError):
        return exc.code
    if isinstance(exc, KeyRemovedError):
        return KEY_REMOVED
    if isinstance(exc, KeyUnreadableError):
        return KEY_UNREADABLE
    if isinstance(exc, pe.PivDayTimeoutError):
        return TIMEOUT
    if isinstance(exc, pe.PivDayConnectionError):
        return UNREACHABLE
    if isinstance(exc, pe.PivDayBadResponseError):
        return BAD_RESPONSE
    if isinstance(exc, pe.PivDayTransportError):
        return TRANSPORT
    if isinstance(exc, pe.LocalValidationError):
        return LOCAL_VALIDATION
    return UNEXPECTED


def is_expected(exc: BaseException) -> bool:
    """Failures with a prepared answer; everything else is a bug and gets a reference id."""
    return error_code_of(exc) != UNEXPECTED
