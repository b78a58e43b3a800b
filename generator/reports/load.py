"""Reading ``content/reports/<year>.yml`` (line numbers kept by ``sources.py``).

Loading only parses: a file that is not YAML becomes a problem here, and
everything about its content is left to ``checks.py``.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

from ..diagnostics import Problem, Problems, rel
from ..files import is_link, symlink_problem
from ..loader import CONTENT, read_yaml
from ..model import Key, Site
from ..sources import Source, SourceError, load_yaml_file
from .documents import DOCUMENTS, is_document, load_documents
from .model import Report

YEAR_FILE = re.compile(r"^(\d{4})\.ya?ml$")


REPORTS: Key[list[Report]] = Key("reports")
REPORTS_DIR = "reports"  # content/reports/<year>.yml


def reports_of(site: Site) -> list[Report]:
    """The site's annual reports, oldest first (none when the feature did not load them)."""
    return site.get(REPORTS, [])


def load_into_site(site: Site, problems: Problems) -> None:
    """The reports feature's loader: ``content/reports/<year>.yml``."""
    folder = site.root / CONTENT / REPORTS_DIR
    reports = load_reports(folder, site.root, problems, site.config.agency_name, read_yaml)
    site.put(REPORTS, reports)
    site.put(DOCUMENTS, load_documents(folder, site.root, problems, {r.year for r in reports}))


def load_reports(
    folder: Path,
    root: Path,
    problems: Problems,
    agency: str = "",
    read: Callable[[Path], Source] = load_yaml_file,
) -> list[Report]:
    """Every report in ``folder``, oldest first."""
    reports: list[Report] = []
    if not folder.is_dir():
        return reports
    years: dict[int, str] = {}
    # .yml before .yaml: the scaffold's spelling is the one kept when both exist.
    for path in sorted(folder.iterdir(), key=lambda p: (p.stem, p.suffix != ".yml", p.name)):
        if path.name.startswith("."):
            continue
        if is_document(path):
            continue  # a report without the national format (documents.py)
        if is_link(path):
            problems.add(symlink_problem(path, root))
            continue
        if not path.is_file():
            continue
        rel_path = rel(path, root)
        match = YEAR_FILE.match(path.name)
        if not match:
            if path.suffix in (".yml", ".yaml", ".md"):
                problems.add(
                    Problem(
                        rel_path,
                        None,
                        "",
                        f"年度报告文件名应以年份开头，例如 2024.yml；{path.name} 不会发布",
                        "按国家格式的报告写成 YAML 数据文件（xxgk report new <年份> 生成模板）；"
                        "没有国家格式的报告（2019 年以前、部门的报告）写成 2018.md 或 2018-后缀.md。",
                        rule="report.filename",
                    )
                )
            continue
        year = int(match.group(1))
        if year in years:
            problems.add(
                Problem(
                    rel_path,
                    1,
                    "",
                    f"{year} 年度已有报告文件 {years[year]}，这个文件重复",
                    "一个年度只写一个文件：把内容合并到其中一个，删掉另一个。",
                    rule="report.duplicate",
                )
            )
            continue
        years[year] = rel_path
        try:
            source = read(path)
        except SourceError as exc:
            problems.add(exc.problem(rel(exc.path, root)))
            continue
        reports.append(Report(path=path, rel=rel_path, source=source, year=year, agency=agency))
    reports.sort(key=lambda r: r.year)
    return reports
