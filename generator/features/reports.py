"""Annual reports (generator/reports/): the 年度报告 pages, downloads and comparison.

Their checks are registered in ``generator/checks/__init__.py``; loading is
in ``generator/loader.py`` (``content/reports/<year>.yml``)."""

from ..reports.render import write_reports
from ..writer import PAGE_WRITERS

if write_reports not in PAGE_WRITERS:
    PAGE_WRITERS.append(write_reports)
