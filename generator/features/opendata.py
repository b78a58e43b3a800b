"""开放数据: a JSON document per item beside its page, and structured data in
the pages' <head> (schema.org JSON-LD on documents, Open Graph)."""

from __future__ import annotations

from ..feature import Feature
from ..opendata import items, structured

FEATURE = Feature(
    name="opendata",
    title="开放数据（每条信息的 JSON、结构化数据）",
    pages=(items.write_item_json,),
    page_head=(structured.page_head,),
)
