"""The real legacy pages of ``tests/fixtures/real/legacy/`` and what a careful
human read off each (``expected.yml``, written before the importer existed),
compared field by field with the items ``xxgk import`` wrote.

Used by ``tests/test_import_real.py`` (every field must match) and by
``benchmarks/import_bench.py`` (which prints the figures).
"""

from __future__ import annotations

import datetime as dt
import posixpath
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parent.parent
REAL = ROOT / "tests" / "fixtures" / "real" / "legacy"
# Each folder is a mirror of one site (wget layout) with its expected.yml.
SITES = tuple(sorted(p.parent for p in REAL.glob("*/*/expected.yml")))
FIELDS = ("title", "index_no", "doc_no", "topic", "issuer", "publisher", "written", "published", "validity",
          "legacy_url", "attachments", "images")  # fmt: skip
IMAGE_SUFFIXES = (".jpg", ".jpeg", ".png", ".gif", ".bmp", ".webp", ".svg")


@dataclass(frozen=True)
class Expected:
    site: Path
    page: dict[str, Any]

    @property
    def legacy_url(self) -> str:
        return str(self.page["legacy_url"])


def expected_pages() -> list[Expected]:
    out = []
    for site in SITES:
        data = yaml.safe_load((site / "expected.yml").read_text(encoding="utf-8"))
        out.extend(Expected(site, page) for page in data["pages"])
    return out


def _published(value: Any) -> str | None:
    """expected.yml writes a date, an ISO datetime with seconds, or "YYYY-MM-DD HH:MM": the item's form."""
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        return value.strftime("%Y-%m-%d %H:%M:%S")
    return str(value)


def _files(meta: dict[str, Any], images: bool) -> list[str]:
    names = [a["file"] if isinstance(a, dict) else a for a in meta.get("attachments") or []]
    return sorted(posixpath.basename(n) for n in names if n.lower().endswith(IMAGE_SUFFIXES) == images)


def actual(meta: dict[str, Any], field: str) -> Any:
    """What the item says for ``field``, in expected.yml's terms."""
    if field == "legacy_url":
        value = meta.get("legacy_url")
        return value[0] if isinstance(value, list) else value
    if field in ("attachments", "images"):
        return _files(meta, field == "images")
    return meta.get(field)


def wanted(page: dict[str, Any], field: str) -> Any:
    value = page.get(field)
    if field == "published":
        return _published(value)
    if field in ("attachments", "images"):
        return sorted(value or [])
    if field == "written" and value is not None:
        return str(value)
    return value


def compare(meta: dict[str, Any], page: dict[str, Any]) -> dict[str, bool]:
    """field → whether the item holds what the page states (absent = absent)."""
    return {field: actual(meta, field) == wanted(page, field) for field in FIELDS}
