"""Pure rules of projects: the shape of 项目编码 and of O&M suffixes."""

from __future__ import annotations

import re

CODE_PATTERN = re.compile(r"^(?P<region>\d{6})-(?P<year>\d{4})-(?P<seq>\d{4,})$")
OM_SUFFIX_PATTERN = re.compile(r"^(?P<parent>.+)-YW(?P<n>\d{2,})$")


def project_code(*, region: str, year: int, sequence: int) -> str:
    """项目编码: administrative region, year, sequence within that region and year."""
    if not re.fullmatch(r"\d{6}", region):
        raise ValueError(f"region must be a six-digit division code, got {region!r}")
    if sequence < 1:
        raise ValueError("sequence starts at 1")
    return f"{region}-{year:04d}-{sequence:04d}"


def om_code(parent_code: str, n: int) -> str:
    """运维后缀: an O&M project's code is its parent's plus -YWnn."""
    if n < 1:
        raise ValueError("O&M numbering starts at 1")
    return f"{parent_code}-YW{n:02d}"


def sequence_key(region: str, year: int) -> str:
    return f"project:{region}:{year:04d}"
