"""``xxgk report new <year>``: next year's annual report, pre-filled.

Writes ``content/reports/<year>.yml`` with every row of the official format,
the official label beside each key, and the numbers that follow from last
year's report (上年结转 = 结转下年度, 现行有效件数), so the cross-year
identities hold by construction.
"""

from __future__ import annotations

import argparse
import sys

from ..build import load_and_check
from ..dates import date_arg, today_from
from ..loader import CONTENT
from ..reports.formats import FORMAT_DOCS, FORMATS, default_format
from ..reports.load import REPORTS_DIR, reports_of
from ..reports.scaffold import carry_over, report_yaml
from ..reports.settings import deadline_text, settings
from ..reports.values import evaluate

HELP = "年度报告：xxgk report new 2025 生成该年度的报告文件，自动带入上年结转等数字"


def add_arguments(p: argparse.ArgumentParser) -> None:
    sub = p.add_subparsers(dest="action", required=True, metavar="操作")
    new = sub.add_parser("new", help="新建某一年度的报告文件", description="新建某一年度的报告文件")
    new.add_argument("year", type=int, help="报告年度，例如 2025")
    new.add_argument("--format", choices=FORMATS, help="报告格式，默认按年度：2020 年度及以前 2019，之后 2021")
    new.add_argument("--today", type=date_arg, help="发布日期，默认今天")


def run(args: argparse.Namespace) -> int:
    year: int = args.year
    fmt = args.format or default_format(year)
    path = args.root / CONTENT / REPORTS_DIR / f"{year}.yml"
    if path.exists():
        print(f"错误：{path.relative_to(args.root)} 已经存在，没有改动它。", file=sys.stderr)
        return 1
    site, _ = load_and_check(args.root, today_from(args.today))
    previous = next((r for r in reports_of(site) if r.year == year - 1), None)
    if previous is not None:
        evaluate(previous)
    cells = carry_over(previous, fmt)
    note = (
        f"上年结转、现行有效件数等已按 {year - 1} 年度报告填好。"
        if previous
        else f"没有找到 {year - 1} 年度报告：上年结转等数字请按上年报告手工填写。"
    )
    path.parent.mkdir(parents=True, exist_ok=True)
    deadline = settings(site).deadline_day
    path.write_text(
        report_yaml(year, fmt, cells, published=today_from(args.today).isoformat(), note=note, deadline=deadline),
        encoding="utf-8",
    )
    print(f"已新建 {path.relative_to(args.root)}（{FORMAT_DOCS[fmt]}格式）。{note}")
    print(f"本年度报告应于{deadline_text(deadline)}前公布（{year + 1} 年；期限见 site.yml 的 reports.deadline）。")
    print("填好各表的数字和文字部分后运行 xxgk check 检查。")
    return 0
