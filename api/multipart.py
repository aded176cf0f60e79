"""Multipart bodies whose texts are not UTF-8 are refused: Starlette would read them as Latin-1 and
store garbled titles and names."""

from __future__ import annotations

import re

_BOUNDARY = re.compile(rb'boundary="?([^";]+)"?', re.IGNORECASE)


def _utf8(data: bytes) -> bool:
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def texts_are_utf8(body: bytes, content_type: str) -> bool:
    """Every part's headers (field and file names) and every non-file part (the `operations` JSON,
    the `map`) decode as UTF-8. File contents are not texts and are not looked at."""
    found = _BOUNDARY.search(content_type.encode("latin-1"))
    if found is None:
        return True  # no boundary: the form parser refuses the body itself
    for part in body.split(b"--" + found.group(1))[1:]:
        headers, _, data = part.partition(b"\r\n\r\n")
        if not _utf8(headers):
            return False
        if b"filename" not in headers.lower() and not _utf8(data.removesuffix(b"\r\n")):
            return False
    return True
