"""The 主动公开基本目录 (条例第十二条, with CSV and JSON downloads) and the
基层政务公开标准目录 (国办发〔2019〕54号) of ``content/catalogues/``."""

from __future__ import annotations

from pathlib import Path

from ..catalogues import checks, pages
from ..feature import Feature

FEATURE = Feature(
    name="catalogues",
    title="政府信息公开目录与标准目录",
    checks=(checks.check,),
    pages=(pages.write_pages,),
    listing_chips=(pages.chips,),
    not_in_nav=("/xxgkml/",),
    assets=("assets/xxgk/compliance.css",),
    templates=Path(pages.__file__).parent / "templates",
)
