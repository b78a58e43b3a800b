"""The office's inspection page (``jcbg/``, kept out of the public navigation
unless ``inspection.page_in_nav`` is set) and the post-build link check that
completes it."""

from __future__ import annotations

import html
import logging
from pathlib import Path
from urllib.parse import urlsplit

from ..diagnostics import Problems
from ..docs_tree import DocsTree
from ..feature import BuildContext
from ..model import Column, Key, Site
from ..pages.blocks import ChipGroup
from ..pages.env import front_matter, render
from . import links
from .report import InspectionReport
from .rules import REPORT_KEY, add_links, settings

URL = "jcbg/"
TITLE = "巡检报告"
JSON_NAME = "inspection.json"
_MARK = '<span class="xxgk-linkcheck">'
log = logging.getLogger("mkdocs.xxgk")


LINKS_KEY: Key[links.LinkReport] = Key("inspection.links")


def _enabled(site: Site) -> bool:
    return settings(site).page


def write_page(ctx: BuildContext, tree: DocsTree) -> None:
    site = ctx.site
    report: InspectionReport | None = site.get(REPORT_KEY, None)
    if report is None or not _enabled(site):
        return
    tree.add(
        f"{URL}index.md",
        render(
            "inspection.md.j2",
            front=front_matter(title=TITLE, xxgk_kind="inspection", hide=["navigation", "toc"], xxgk_sitemap=False),
            url=URL,
            trail=[(TITLE, URL)],
            report=report,
        ),
    )
    tree.add(f"{URL}{JSON_NAME}", report.to_json() + "\n")


def chips(site: Site, column: Column | None, url: str) -> list[ChipGroup]:
    if column is None and _enabled(site) and settings(site).page_in_nav:
        return [ChipGroup("政务公开自查", [("巡检报告", URL, None)])]
    return []


def link_step(site: Site, site_dir: Path) -> Problems:
    """Check every link of the built site; fold the result into the report page."""
    base = urlsplit(site.config.site_url).path or "/"
    result = links.check_site(site_dir, base=base)
    problems = links.problems_for(result, site)
    site.put(LINKS_KEY, result)
    log.info("xxgk: link check %d pages, %d links, %d broken in %.2f s", result.pages, result.links, len(result.broken), result.seconds)
    report: InspectionReport | None = site.get(REPORT_KEY, None)
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

