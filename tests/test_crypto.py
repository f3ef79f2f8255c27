"""Key ring: AES-GCM round trips, binding to owner and row, configuration sources."""

from __future__ import annotations

import base64
import logging
import pickle
import stat
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.config import Settings
from bot.crypto import DecryptionError, KeyRing, KeyRingError

SECRET = "pk_live_9f8e7d6c5b4a39281706"


def _key_material(entry: str) -> tuple[str, bytes]:
    encoded = entry.partition(":")[2]
    return encoded, base64.urlsafe_b64decode(encoded)


def test_round_trip_and_blob_does_not_contain_the_plaintext(key_ring: KeyRing) -> None:
    blob = key_ring.encrypt(SECRET, owner_id=7, row_id=3)
    assert SECRET.encode() not in blob
    assert key_ring.kid_of(blob) == key_ring.current_kid
    assert key_ring.decrypt(blob, owner_id=7, row_id=3).get_secret_value() == SECRET


@given(text=st.text(max_size=300), owner=st.integers(1, 2**53), row=st.integers(1, 2**31))
def test_round_trip_any_text(text: str, owner: int, row: int) -> None:
    ring = KeyRing.parse(["a:" + base64.b64encode(bytes(range(32))).decode()])
    assert (
        ring.decrypt(
            ring.encrypt(text, owner_id=owner, row_id=row), owner_id=owner, row_id=row
        ).get_secret_value()
        == text
    )


@pytest.mark.parametrize(("owner_id", "row_id"), [(8, 3), (7, 4), (3, 7)])
def test_a_blob_moved_to_another_owner_or_row_fails(
    key_ring: KeyRing, owner_id: int, row_id: int
) -> None:
    blob = key_ring.encrypt(SECRET, owner_id=7, row_id=3)
    with pytest.raises(DecryptionError) as err:
        key_ring.decrypt(blob, owner_id=owner_id, row_id=row_id)
    assert SECRET not in str(err.value)


def test_tampered_or_foreign_blobs_fail(key_ring: KeyRing) -> None:
    blob = bytearray(key_ring.encrypt(SECRET, owner_id=1, row_id=1))
    blob[-1] ^= 1
    with pytest.raises(DecryptionError):
        key_ring.decrypt(bytes(blob), owner_id=1, row_id=1)
    with pytest.raises(DecryptionError):
        key_ring.decrypt(b"\x02garbage" * 8, owner_id=1, row_id=1)
    with pytest.raises(DecryptionError):
        key_ring.decrypt(b"", owner_id=1, row_id=1)
    other = KeyRing.parse([KeyRing.generate_key("other")])
    with pytest.raises(DecryptionError, match="other"):
        key_ring.decrypt(other.encrypt(SECRET, owner_id=1, row_id=1), owner_id=1, row_id=1)


def test_the_header_is_authenticated(key_ring: KeyRing) -> None:
    # Same key under two ids: relabelling a blob's kid must still fail.
    entry = KeyRing.generate_key("a")
    encoded = entry.partition(":")[2]
    ring = KeyRing.parse([entry, f"b:{encoded}"])
    blob = ring.encrypt(SECRET, owner_id=1, row_id=1)
    relabelled = blob[:2] + b"b" + blob[3:]
    with pytest.raises(DecryptionError):
        ring.decrypt(relabelled, owner_id=1, row_id=1)


def test_older_keys_still_open_newest_seals() -> None:
    old, new = KeyRing.generate_key("old"), KeyRing.generate_key("new")
    blob = KeyRing.parse([old]).encrypt(SECRET, owner_id=1, row_id=2)
    ring = KeyRing.parse([new, old])
    assert ring.current_kid == "new"
    assert ring.kids == ("new", "old")
    assert ring.decrypt(blob, owner_id=1, row_id=2).get_secret_value() == SECRET
    assert ring.kid_of(ring.encrypt(SECRET, owner_id=1, row_id=2)) == "new"


def test_repr_and_secret_never_show_key_material(key_ring: KeyRing) -> None:
    entry = KeyRing.generate_key("k1")
    encoded, raw = _key_material(entry)
    ring = KeyRing.parse([entry])
    assert repr(ring) == "KeyRing(kids=['k1'])"
    assert encoded not in str(ring) and repr(raw) not in repr(ring)
    revealed = ring.decrypt(ring.encrypt(SECRET, owner_id=1, row_id=1), owner_id=1, row_id=1)
    assert SECRET not in repr(revealed) and SECRET not in str(revealed)
    with pytest.raises(TypeError):
        pickle.dumps(ring)


def test_generate_key_format_and_both_base64_alphabets() -> None:
    entry = KeyRing.generate_key()
    kid, _, encoded = entry.partition(":")
    assert len(base64.urlsafe_b64decode(encoded)) == 32
    standard = base64.b64encode(base64.urlsafe_b64decode(encoded)).decode().rstrip("=")
    a, b = KeyRing.parse([entry]), KeyRing.parse([f"{kid}:{standard}"])
    assert b.decrypt(a.encrypt(SECRET, owner_id=1, row_id=1), owner_id=1, row_id=1)


@pytest.mark.parametrize(
    "spec",
    [
        "no-colon",
        "k1:" + base64.b64encode(b"short").decode(),
        "bad kid!:" + base64.b64encode(bytes(32)).decode(),
        "k1:@@not-base64@@",
    ],
)
def test_bad_entries_are_rejected_without_echoing_the_key(spec: str) -> None:
    with pytest.raises(KeyRingError) as err:
        KeyRing.parse([spec])
    key_part = spec.partition(":")[2]
    assert not key_part or key_part not in str(err.value)


def test_duplicate_kids_and_empty_ring_are_rejected() -> None:
    with pytest.raises(KeyRingError):
        KeyRing.parse([KeyRing.generate_key("a"), KeyRing.generate_key("a")])
    with pytest.raises(KeyRingError):
        KeyRing.parse([])


def test_from_settings_prefers_encryption_keys(tmp_path: Path) -> None:
    entries = [KeyRing.generate_key("new"), KeyRing.generate_key("old")]
    settings = Settings(encryption_keys=entries, data_dir=tmp_path, _env_file=None)
    ring = KeyRing.from_settings(settings)
    assert ring.kids == ("new", "old")
    assert not (tmp_path / "secret.key").exists()


def test_from_settings_reads_a_key_file(tmp_path: Path) -> None:
    path = tmp_path / "ring.key"
    path.write_text(f"# comment\n{KeyRing.generate_key('b')}\n\n{KeyRing.generate_key('a')}\n")
    path.chmod(0o600)
    settings = Settings(encryption_key_file=path, data_dir=tmp_path, _env_file=None)
    assert KeyRing.from_settings(settings).kids == ("b", "a")


def test_from_settings_refuses_a_missing_configured_file(tmp_path: Path) -> None:
    settings = Settings(encryption_key_file=tmp_path / "absent.key", _env_file=None)
    with pytest.raises(KeyRingError, match="does not exist"):
        KeyRing.from_settings(settings)
    assert not (tmp_path / "absent.key").exists()


def test_generated_key_file_is_0600_stable_and_logged_without_key(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    data_dir = tmp_path / "data"
    settings = Settings(data_dir=data_dir, _env_file=None)
    with caplog.at_level(logging.WARNING, logger="bot.crypto"):
        ring = KeyRing.from_settings(settings)
    path = data_dir / "secret.key"
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    entry = next(line for line in path.read_text().splitlines() if not line.startswith("#"))
    encoded, raw = _key_material(entry)
    assert [r.levelno for r in caplog.records] == [logging.WARNING]
    assert str(path) in caplog.text
    assert encoded not in caplog.text and encoded.rstrip("=") not in caplog.text
    assert raw.hex() not in caplog.text

    caplog.clear()
    again = KeyRing.from_settings(settings)  # read back, not regenerated, and silent
    assert again.kids == ring.kids
    blob = ring.encrypt(SECRET, owner_id=1, row_id=1)
    assert again.decrypt(blob, owner_id=1, row_id=1).get_secret_value() == SECRET
    assert caplog.records == []


def test_a_world_readable_key_file_is_warned_about(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    path = tmp_path / "ring.key"
    path.write_text(KeyRing.generate_key("a") + "\n")
    path.chmod(0o644)
    with caplog.at_level(logging.WARNING, logger="bot.crypto"):
        KeyRing.from_settings(Settings(encryption_key_file=path, _env_file=None))
    assert "chmod 600" in caplog.text
