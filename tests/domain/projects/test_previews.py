"""Preview tokens: bound to one material, one reader and an expiry; any change to them breaks the signature."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from domain.projects.previews import ExpiredPreviewToken, InvalidPreviewToken, PreviewTokens

NOW = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
TOKENS = PreviewTokens(key=b"k" * 32)


def test_a_token_names_its_material_reader_and_expiry() -> None:
    # given a token minted now
    token = TOKENS.mint(material_id=12, user_id=3, now=NOW)
    # when it is checked a moment before it lapses
    grant = TOKENS.verify(token, now=NOW + timedelta(minutes=4, seconds=59))
    # then it grants that material to that reader until five minutes from now
    assert (grant.material_id, grant.user_id, grant.expires_at) == (12, 3, NOW + timedelta(minutes=5))
    assert grant.seconds_left(NOW + timedelta(minutes=4)) == 60


def test_a_token_lapses_after_its_lifetime() -> None:
    token = TOKENS.mint(material_id=12, user_id=3, now=NOW)
    with pytest.raises(ExpiredPreviewToken):
        TOKENS.verify(token, now=NOW + timedelta(minutes=5))


@pytest.mark.parametrize(
    "change",
    [
        lambda t: t.replace("12.", "13.", 1),  # another material
        lambda t: t.replace(".3.", ".4.", 1),  # another reader
        lambda t: ".".join([*t.split(".")[:2], str(int(t.split(".")[2]) + 3600), t.split(".")[3]]),  # longer life
        lambda t: t[:-2] + ("AA" if not t.endswith("AA") else "BB"),  # a forged signature
        lambda t: t.rsplit(".", 1)[0],  # no signature
        lambda t: "١٢" + t[2:],  # digits that are not ASCII
        lambda t: "garbage",
        lambda t: "",
    ],
)
def test_a_changed_token_is_refused(change) -> None:
    token = TOKENS.mint(material_id=12, user_id=3, now=NOW)
    with pytest.raises(InvalidPreviewToken) as refused:
        TOKENS.verify(change(token), now=NOW)
    assert not isinstance(refused.value, ExpiredPreviewToken)


def test_a_token_of_another_key_is_refused() -> None:
    token = PreviewTokens(key=b"o" * 32).mint(material_id=12, user_id=3, now=NOW)
    with pytest.raises(InvalidPreviewToken):
        TOKENS.verify(token, now=NOW)


def test_a_short_key_is_refused() -> None:
    with pytest.raises(ValueError, match="32 bytes"):
        PreviewTokens(key=b"short")
