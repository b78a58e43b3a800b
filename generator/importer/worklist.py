"""``import-worklist.csv``: what the import could not decide, for editors.

One row per open question: 文件 (the item file, or the saved page that was not
imported), 字段, 原因, 建议. Written through ``csv_export`` (Excel-ready, CSV
injection neutralised). A run replaces the rows of the files it imported and
keeps the others', so importing in batches keeps one worklist for the column.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Collection
from dataclasses import dataclass
from pathlib import Path

from ..csv_export import BOM, to_csv

HEADER = ("文件", "字段", "原因", "建议")
NAME = "import-worklist.csv"


@dataclass(frozen=True)
class Row:
    file: str
    field: str
    reason: str
    suggestion: str = ""


def _read(path: Path) -> list[Row]:
    try:
        text = path.read_text(encoding="utf-8").removeprefix(BOM)
    except (OSError, UnicodeDecodeError):
        return []
    rows = list(csv.reader(io.StringIO(text)))
    if not rows or tuple(rows[0]) != HEADER:
        return []
    # Cells were written through safe_cell: a leading "'" guards a formula-like text.
    unguard = lambda v: v[1:] if v.startswith("'") and v[1:2] in ("=", "+", "-", "@", "\t", "\r") else v  # noqa: E731
    return [Row(*(unguard(v) for v in row[:4])) for row in rows[1:] if len(row) >= 4]


def write(path: Path, rows: list[Row], files: set[str], keep: Collection[tuple[str, str]] = ()) -> int:
    """Replace the rows of ``files`` in the worklist at ``path``, except the (file, field)
    rows in ``keep`` (what a run did not redo); returns the rows it holds."""
    kept = [row for row in _read(path) if row.file not in files or (row.file, row.field) in keep]
    merged = sorted([*kept, *rows], key=lambda r: r.file)
    path.write_bytes(to_csv(HEADER, [(r.file, r.field, r.reason, r.suggestion) for r in merged]).encode("utf-8"))
    return len(merged)
