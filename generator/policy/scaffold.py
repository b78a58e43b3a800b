"""What a new item starts with in the columns this feature knows (``xxgk new``)."""

from __future__ import annotations

from typing import Any

from ..model import Column, Site
from .links import NORMATIVE_COLUMN_IDS, NORMATIVE_COLUMN_TITLES, VALID, interpretation_column


def new_item(site: Site, column: Column) -> dict[str, Any]:
    """An interpretation names what it interprets and its form; a 规范性文件 its validity."""
    if column is interpretation_column(site):
        return {"genre": "政策解读", "interprets": "", "form": "文字解读"}
    if column.id in NORMATIVE_COLUMN_IDS or column.title in NORMATIVE_COLUMN_TITLES:
        return {"genre": "通知", "validity": VALID, "effective": "", "expires": ""}
    return {}
