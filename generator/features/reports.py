"""政府信息公开工作年度报告 (条例第四十九、五十条): ``content/reports/<year>.yml``
in the two national formats, their identities, pages, downloads and the
comparison across years."""

from __future__ import annotations

from pathlib import Path

from ..feature import Feature
from ..reports import checks, render
from ..reports.formats import FORMAT_DOCS, SECTION_TITLES
from ..reports.load import load_into_site
from ..reports.settings import ReportsSettings
from ..reports.tables import number_text

FEATURE = Feature(
    name="reports",
    title="政府信息公开工作年度报告",
    settings_key="reports",
    settings=ReportsSettings,
    load=load_into_site,
    checks=(checks.check,),
    pages=(render.write_reports,),
    nav=render.report_nav,
    assets=("assets/xxgk/reports.css",),
    templates=Path(render.__file__).parent / "templates",
    template_filters={"number": number_text},
    template_globals={"section_titles": SECTION_TITLES, "format_docs": FORMAT_DOCS},
)
