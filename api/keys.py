"""The token signing key: generated once and kept under var/ (development), or given (production)."""

from __future__ import annotations

import contextlib
import os
from pathlib import Path

from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.kdf.hkdf import HKDF


class KeyError_(RuntimeError):
    """The key file is unreadable or not an Ed25519 private key."""


def generate_key_file(path: Path) -> None:
    """Write a new Ed25519 private key, readable by its owner only; never overwrite."""
    path.parent.mkdir(parents=True, exist_ok=True)
    pem = Ed25519PrivateKey.generate().private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "wb") as handle:
        handle.write(pem)


def load_private_key(path: Path, *, create: bool) -> Ed25519PrivateKey:
    """The key at `path`; with `create`, generated there first if missing."""
    if create and not path.exists():
        with contextlib.suppress(FileExistsError):  # another worker made it first: use theirs
            generate_key_file(path)
    try:
        key = serialization.load_pem_private_key(path.read_bytes(), password=None)
    except (OSError, ValueError) as exc:
        raise KeyError_(f"cannot read the signing key {path}: {exc}") from exc
    if not isinstance(key, Ed25519PrivateKey):
        raise KeyError_(f"{path} is not an Ed25519 private key")
    return key


def derive_secret(private_key: Ed25519PrivateKey, purpose: str) -> bytes:
    """A 32-byte secret for one purpose, derived from the signing key (HKDF-SHA256): no second key to keep.

    It changes when the signing key is replaced, which ends what was signed with it, as intended.
    """
    raw = private_key.private_bytes(
        serialization.Encoding.Raw, serialization.PrivateFormat.Raw, serialization.NoEncryption()
    )
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=purpose.encode()).derive(raw)
