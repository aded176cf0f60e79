import stat
from pathlib import Path

import pytest

from api.keys import KeyError_, derive_secret, load_private_key


def test_key_is_generated_once_and_kept(tmp_path: Path) -> None:
    path = tmp_path / "keys" / "jwt.pem"
    first = load_private_key(path, create=True)
    second = load_private_key(path, create=True)
    assert first.private_bytes_raw() == second.private_bytes_raw()
    assert stat.S_IMODE(path.stat().st_mode) == 0o600


def test_missing_key_is_not_invented_when_creation_is_off(tmp_path: Path) -> None:
    with pytest.raises(KeyError_):
        load_private_key(tmp_path / "absent.pem", create=False)


def test_a_key_of_another_kind_is_refused(tmp_path: Path) -> None:
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric import ec

    path = tmp_path / "ec.pem"
    path.write_bytes(
        ec.generate_private_key(ec.SECP256R1()).private_bytes(
            serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
        )
    )
    with pytest.raises(KeyError_, match="not an Ed25519"):
        load_private_key(path, create=False)


def test_a_derived_secret_is_stable_per_key_and_purpose(tmp_path: Path) -> None:
    key = load_private_key(tmp_path / "a.pem", create=True)
    again = load_private_key(tmp_path / "a.pem", create=False)
    other = load_private_key(tmp_path / "b.pem", create=True)
    secret = derive_secret(key, "material-preview")
    assert len(secret) == 32 and secret == derive_secret(again, "material-preview")
    assert secret not in (derive_secret(key, "another-purpose"), derive_secret(other, "material-preview"))
