"""Every CSV the site offers for download is written here.

UTF-8 with a byte-order mark (so Excel reads the Chinese text), CRLF line
ends (RFC 4180, as Excel writes them), and cells neutralised against CSV
injection (OWASP): a text cell that a spreadsheet would read as a formula —
one starting with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return — is
prefixed with a single quote, which spreadsheets show as text. Numbers (and
text that is just a number, such as a negative count "-2") are written as
they are.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Iterator
from typing import Any

BOM = "\ufeff"
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_NUMBER = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$")


def safe_cell(value: Any) -> Any:
    if not isinstance(value, str) or not value.startswith(_FORMULA_START) or _NUMBER.match(value):
        return value
    return "'" + value


def to_csv(header: Iterable[Any], rows: Iterable[Iterable[Any]]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([safe_cell(v) for v in header])
    writer.writerows([safe_cell(v) for v in row] for row in rows)
    return BOM + buffer.getvalue()


def row_lines(rows: Iterable[Iterable[Any]]) -> Iterator[str]:
    """Each row's text as :func:`to_csv` writes it (a CSV is ``BOM``, the header's line and
    its rows' lines): for a file kept row by row between builds (``catalogues/basic.py``)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    for row in rows:
        writer.writerow([safe_cell(v) for v in row])
        yield buffer.getvalue()
        buffer.seek(0)
        buffer.truncate()
