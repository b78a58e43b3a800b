"""The office's inspection page (``jcbg/``, kept out of the public navigation
unless ``inspection.page_in_nav`` is set) and the post-build link check that
completes it. The page is a late page: rendered through a shell after the
post-build steps, from the checks' results and the link report."""

from __future__ import annotations

import logging
from pathlib import Path
from urllib.parse import urlsplit

from .. import buildcache, sitetree
from ..diagnostics import Problems
from ..docs_tree import DocsTree, replace_bytes
from ..feature import BuildContext, LatePage
from ..fill import late_urls
from ..model import Column, Key, Site
from ..pages.blocks import ChipGroup
from ..pages.env import front_matter
from . import links
from .report import InspectionReport
from .rules import REPORT_KEY, add_links, settings

URL = "jcbg/"
TITLE = "巡检报告"
JSON_NAME = "inspection.json"
log = logging.getLogger("mkdocs.xxgk")


LINKS_KEY: Key[links.LinkReport] = Key("inspection.links")


def _enabled(site: Site) -> bool:
    return settings(site).page


def write_page(ctx: BuildContext, tree: DocsTree) -> None:
    """The JSON download as the checks left it (the link check completes it after the build)."""
    report: InspectionReport | None = ctx.site.get(REPORT_KEY, None)
    if report is not None and _enabled(ctx.site):
        tree.add(f"{URL}{JSON_NAME}", report.to_json() + "\n")


def late_page(ctx: BuildContext) -> list[LatePage]:
    """The report page, rendered once the link check has added its row."""
    report: InspectionReport | None = ctx.site.get(REPORT_KEY, None)
    if report is None or not _enabled(ctx.site):
        return []
    front = front_matter(title=TITLE, xxgk_kind="inspection", hide=["navigation", "toc"], xxgk_sitemap=False)
    return [LatePage(URL, "inspection.md.j2", front, lambda: {"front": front, "trail": [(TITLE, URL)], "report": report})]


def chips(site: Site, column: Column | None, url: str) -> list[ChipGroup]:
    if column is None and _enabled(site) and settings(site).page_in_nav:
        return [ChipGroup("政务公开自查", [("巡检报告", URL, None)])]
    return []


def link_step(site: Site, site_dir: Path) -> Problems:
    """Check every link of the built site; fold the result into the report
    (its page is rendered after this step, as a late page)."""
    base = urlsplit(site.config.site_url).path or "/"
    tree = sitetree.of(site, site_dir)
    statuses = tree.page_status if tree is not None else None
    held = tree.holding() if tree is not None else None
    result = links.check_site(site_dir, later=late_urls(site), cache=buildcache.of(site), base=base, statuses=statuses, held=held)
    problems = links.problems_for(result, site)
    site.put(LINKS_KEY, result)
    log.info(
        "xxgk: link check %d pages (%d read), %d links, %d broken in %.2f s",
        result.pages,
        result.parsed,
        result.links,
        len(result.broken),
        result.seconds,
    )
    report: InspectionReport | None = site.get(REPORT_KEY, None)
    if report is not None and _enabled(site):
        add_links(report, problems, result.pages, result.links)
        # A new file, not a rewrite: the tree's copy is a hard link shared with the published site (docs_tree.place).
        replace_bytes(site_dir / URL / JSON_NAME, (report.to_json() + "\n").encode("utf-8"))
    return problems

