"""The office's inspection page (``jcbg/``, kept out of the public navigation
unless ``inspection.page_in_nav`` is set) and the post-build link check that
completes it."""

from __future__ import annotations

import html
import logging
from pathlib import Path

from .. import postbuild, writer
from ..diagnostics import Problems
from ..docs_tree import DocsTree
from ..model import Column, Site
from ..writer import ChipGroup
from . import links
from .report import InspectionReport
from .rules import add_links

URL = "jcbg/"
TITLE = "巡检报告"
JSON_NAME = "inspection.json"
_MARK = '<span class="xxgk-linkcheck">'
log = logging.getLogger("mkdocs.xxgk")


def _enabled(site: Site) -> bool:
    return (site.config.inspection or {}).get("page", True) is not False


def write_page(site: Site, tree: DocsTree) -> None:
    report: InspectionReport | None = site.extras.get("inspection")
    if report is None or not _enabled(site):
        return
    tree.add(
        f"{URL}index.md",
        writer.render(
            "inspection.md.j2",
            front=writer.front_matter(title=TITLE, xxgk_kind="inspection", hide=["navigation", "toc"]),
            url=URL,
            trail=[(TITLE, URL)],
            report=report,
        ),
    )
    tree.add(f"{URL}{JSON_NAME}", report.to_json() + "\n")


def chips(site: Site, column: Column | None, url: str) -> list[ChipGroup]:
    if column is None and _enabled(site) and (site.config.inspection or {}).get("page_in_nav"):
        return [ChipGroup("政务公开自查", [("巡检报告", URL, None)])]
    return []


def link_step(site: Site, site_dir: Path) -> Problems:
    """Check every link of the built site; fold the result into the report page."""
    result = links.check_site(site_dir)
    problems = links.problems_for(result, site)
    site.extras["link_report"] = result
    log.info("xxgk: link check %d pages, %d links, %d broken in %.2f s", result.pages, result.links, len(result.broken), result.seconds)
    report: InspectionReport | None = site.extras.get("inspection")
    page = site_dir / URL / "index.html"
    if report is not None and _enabled(site) and page.is_file():
        add_links(report, problems, result.pages, result.links)
        (site_dir / URL / JSON_NAME).write_text(report.to_json() + "\n", encoding="utf-8")
        text = page.read_text(encoding="utf-8")
        start = text.find(_MARK)
        end = text.find("</span>", start)
        if start != -1 and end != -1:
            row = report.result("links")
            summary = f"{row.headline}（{row.note}）" if row else ""
            text = text[: start + len(_MARK)] + html.escape(summary) + text[end:]
            page.write_text(text, encoding="utf-8")
    return problems


def register() -> None:
    writer.PAGE_WRITERS.append(write_page)
    writer.LISTING_CHIPS.append(chips)
    postbuild.FINAL_STEPS.append(link_step)
