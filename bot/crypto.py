"""Key ring for API keys at rest: AES-256-GCM, key ids, ciphertexts bound to owner and row.

Blob layout (self-describing, so rotation can tell which key sealed a row):
    version (1 byte) | len(kid) (1 byte) | kid (ASCII) | nonce (12 bytes) | ciphertext + tag
The header and the (owner_id, row_id) pair are authenticated as associated data: a blob copied
into another row or another user's row fails to decrypt.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import logging
import os
import re
import secrets
from collections.abc import Iterable, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from pydantic import SecretStr

if TYPE_CHECKING:
    from bot.config import Settings

log = logging.getLogger(__name__)

BLOB_VERSION = 1
KEY_BYTES = 32
NONCE_BYTES = 12
_AAD_CONTEXT = b"pivbot/api-key"
_KID_RE = re.compile(r"^[A-Za-z0-9_.\-]{1,32}$")


class KeyRingError(Exception):
    """The key ring configuration is unusable (the message never contains key material)."""


class DecryptionError(Exception):
    """A blob could not be decrypted: unknown key id, corrupt, or bound to another owner/row."""


class KeyRing:
    """Encryption keys, newest first. The first key seals; any key in the ring opens."""

    __slots__ = ("_ciphers", "_kids", "_secrets")

    def __init__(self, keys: Sequence[tuple[str, bytes]]) -> None:
        if not keys:
            raise KeyRingError("the key ring is empty")
        ciphers: dict[str, AESGCM] = {}
        for kid, key in keys:
            if not _KID_RE.match(kid):
                raise KeyRingError(f"invalid key id {kid!r}: use 1-32 of A-Z a-z 0-9 _ . -")
            if len(key) != KEY_BYTES:
                raise KeyRingError(f"key {kid!r} must be {KEY_BYTES} bytes, got {len(key)}")
            if kid in ciphers:
                raise KeyRingError(f"duplicate key id {kid!r}")
            ciphers[kid] = AESGCM(key)
        self._kids = tuple(kid for kid, _ in keys)
        self._ciphers = ciphers
        self._secrets = dict(keys)

    # -- construction ---------------------------------------------------------------------

    @classmethod
    def parse(cls, specs: Iterable[str]) -> KeyRing:
        """Build from "kid:base64key" entries, newest first."""
        return cls([_parse_spec(spec) for spec in specs if spec.strip()])

    @classmethod
    def from_file(cls, path: Path) -> KeyRing:
        """One "kid:base64key" per line (or comma-separated), newest first; # comments."""
        lines = path.read_text(encoding="utf-8").splitlines()
        entries = [
            part
            for line in lines
            if not line.lstrip().startswith("#")
            for part in line.split(",")
            if part.strip()
        ]
        try:
            return cls.parse(entries)
        except KeyRingError as exc:
            raise KeyRingError(f"{path}: {exc}") from None

    @classmethod
    def from_settings(cls, settings: Settings) -> KeyRing:
        """ENCRYPTION_KEYS, else ENCRYPTION_KEY_FILE, else data/secret.key (generated if absent)."""
        if settings.encryption_keys:
            return cls.parse(settings.encryption_keys)
        path = settings.key_file
        if settings.encryption_key_file is not None and not path.exists():
            # An explicitly configured file that is missing is likely a failed mount: a fresh key
            # would silently make every stored API key unreadable.
            raise KeyRingError(f"ENCRYPTION_KEY_FILE {path} does not exist")
        if not path.exists():
            _generate_key_file(path)
        _warn_if_readable_by_others(path)
        return cls.from_file(path)

    @staticmethod
    def generate_key(kid: str | None = None) -> str:
        """A new "kid:base64key" entry for ENCRYPTION_KEYS or a key file."""
        kid = kid or f"k{datetime.now(UTC):%Y%m%d}-{secrets.token_hex(2)}"
        if not _KID_RE.match(kid):
            raise KeyRingError(f"invalid key id {kid!r}")
        return f"{kid}:{base64.urlsafe_b64encode(os.urandom(KEY_BYTES)).decode()}"

    # -- use ------------------------------------------------------------------------------

    @property
    def current_kid(self) -> str:
        return self._kids[0]

    @property
    def kids(self) -> tuple[str, ...]:
        return self._kids

    def encrypt(self, plaintext: str, *, owner_id: int, row_id: int) -> bytes:
        kid = self.current_kid
        header = bytes([BLOB_VERSION, len(kid)]) + kid.encode("ascii")
        nonce = os.urandom(NONCE_BYTES)
        sealed = self._ciphers[kid].encrypt(
            nonce, plaintext.encode("utf-8"), _aad(header, owner_id, row_id)
        )
        return header + nonce + sealed

    def decrypt(self, blob: bytes, *, owner_id: int, row_id: int) -> SecretStr:
        header, kid, body = _split(blob)
        cipher = self._ciphers.get(kid)
        if cipher is None:
            raise DecryptionError(f"no key {kid!r} in the key ring")
        nonce, sealed = body[:NONCE_BYTES], body[NONCE_BYTES:]
        try:
            plaintext = cipher.decrypt(nonce, sealed, _aad(header, owner_id, row_id))
        except InvalidTag:
            raise DecryptionError("ciphertext does not authenticate for this owner/row") from None
        return SecretStr(plaintext.decode("utf-8"))

    def kid_of(self, blob: bytes) -> str:
        return _split(blob)[1]

    def derive(self, purpose: str, salt: bytes, *, kid: str | None = None) -> tuple[str, bytes]:
        """HMAC-SHA256(ring key, purpose | salt): a secret the database never holds, only its
        salt, e.g. webhook tokens, which can be shown again without being stored. The newest
        key derives new secrets; `kid` re-derives one made earlier (DecryptionError once that
        key has left the ring)."""
        kid = kid or self.current_kid
        secret = self._secrets.get(kid)
        if secret is None:
            raise DecryptionError(f"no key {kid!r} in the key ring")
        message = b"|".join((b"pivbot/derive", purpose.encode(), salt))
        return kid, hmac.new(secret, message, hashlib.sha256).digest()

    def __repr__(self) -> str:
        return f"KeyRing(kids={list(self._kids)!r})"

    __str__ = __repr__

    def __reduce__(self) -> tuple[object, ...]:
        raise TypeError("KeyRing is not picklable")


def _aad(header: bytes, owner_id: int, row_id: int) -> bytes:
    return b"|".join((_AAD_CONTEXT, header, str(owner_id).encode(), str(row_id).encode()))


def _split(blob: bytes) -> tuple[bytes, str, bytes]:
    if len(blob) < 2 or blob[0] != BLOB_VERSION:
        raise DecryptionError("unknown ciphertext format")
    end = 2 + blob[1]
    if len(blob) < end + NONCE_BYTES + 16:
        raise DecryptionError("ciphertext is truncated")
    try:
        kid = blob[2:end].decode("ascii")
    except UnicodeDecodeError:
        raise DecryptionError("ciphertext has a corrupt key id") from None
    return blob[:end], kid, blob[end:]


def _parse_spec(spec: str) -> tuple[str, bytes]:
    kid, sep, encoded = spec.strip().partition(":")
    if not sep or not kid or not encoded:
        raise KeyRingError("key ring entries must look like kid:base64key")
    try:
        # Accept both alphabets; padding may have been dropped when pasting.
        padded = encoded.strip() + "=" * (-len(encoded.strip()) % 4)
        key = base64.b64decode(padded.replace("-", "+").replace("_", "/"), validate=True)
    except (binascii.Error, ValueError):
        raise KeyRingError(f"key {kid!r} is not valid base64") from None
    return kid, key


def _generate_key_file(path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    entry = KeyRing.generate_key()
    try:
        # O_EXCL: two processes starting at once must not each write a different key.
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        handle.write("# pivbot encryption key ring, newest first. Back it up; keep it secret.\n")
        handle.write(entry + "\n")
    os.chmod(path, 0o600)  # the umask may have narrowed O_CREAT's mode, never widened; be exact
    log.warning(
        "No ENCRYPTION_KEYS or ENCRYPTION_KEY_FILE set: generated a new encryption key file at %s "
        "(mode 0600). Back it up: without it, stored API keys cannot be decrypted.",
        path,
    )


def _warn_if_readable_by_others(path: Path) -> None:
    mode = path.stat().st_mode & 0o777
    if mode & 0o077:
        log.warning("Encryption key file %s has mode %o; chmod 600 it.", path, mode)
