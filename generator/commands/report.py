"""``xxgk report new <year>``: next year's annual report, pre-filled.
``xxgk report import PAGE.html …``: published reports from their saved pages.

``new`` writes ``content/reports/<year>.yml`` with every row of the official
format, the official label beside each key, and the numbers that follow from
last year's report (上年结转 = 结转下年度, 现行有效件数), so the cross-year
identities hold by construction. ``import`` reads a published report's page
(HTML tables of either national format) and writes its file cell by cell as
printed (``generator/reports/importer.py``).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from ..build import load_and_check
from ..dates import date_arg, today_from
from ..diagnostics import Problems
from ..loader import CONTENT
from ..reports.formats import FORMAT_DOCS, FORMATS, default_format
from ..reports.importer import NotAReport, import_report_file
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
    imp = sub.add_parser(
        "import",
        help="从旧网站保存的年度报告页面（HTML）导入，逐格照录",
        description="读取已发布的年度报告页面（保存的 HTML），按官方格式逐格写入 content/reports/<年份>.yml：数字照录，原表空白写 null，金额保留原单位。",
    )
    imp.add_argument("pages", nargs="+", type=Path, metavar="PAGE", help="保存的报告页面（.html/.htm），可以写多个")
    imp.add_argument("--year", type=int, help="报告年度（只导入一个页面时；默认从标题读取）")
    imp.add_argument("--format", choices=FORMATS, help="报告格式（默认按表二的列判断）")
    imp.add_argument("--url", default="", help="报告在旧网站上的地址，写入 legacy_url")
    imp.add_argument("--published", default="", help="发布日期 YYYY-MM-DD（页面上没有时）")
    imp.add_argument(
        "--as-published",
        action="store_true",
        help="原报告的数字不满足勾稽关系时按原样照录，写入 as_published（只用于公布期限已过的报告）",
    )
    imp.add_argument("--force", action="store_true", help="覆盖已有的报告文件")
    imp.add_argument("--today", type=date_arg, help="按这一天判断报告是否已过公布期限（默认今天）")


def run(args: argparse.Namespace) -> int:
    if args.action == "import":
        return run_import(args)
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


def run_import(args: argparse.Namespace) -> int:
    if args.year and len(args.pages) > 1:
        print("错误：--year 只能用于一个页面。", file=sys.stderr)
        return 2
    site, _ = load_and_check(args.root, today_from(args.today))
    deadline = settings(site).deadline_day
    status = 0
    for page in args.pages:
        try:
            target, result = import_report_file(
                args.root,
                page,
                today=today_from(args.today),
                deadline=deadline,
                year=args.year,
                fmt=args.format,
                legacy_url=args.url,
                published=args.published,
                as_published=args.as_published,
                overwrite=args.force,
            )
        except NotAReport as exc:
            print(f"错误：{page}：{exc}", file=sys.stderr)
            status = 1
            continue
        except FileExistsError as exc:
            print(f"错误：{exc.args[0]} 已经存在，没有改动它（要覆盖加 --force）。", file=sys.stderr)
            status = 1
            continue
        print(f"{page} → {target.relative_to(args.root)}（{result.year} 年度，{FORMAT_DOCS[result.format]}格式）")
        for note in result.notes:
            print(f"  注意：{note}")
        if result.acknowledged:
            print(f"  按原样照录：{len(result.acknowledged)} 处勾稽关系不成立，已写入 as_published，页面上显示勘误说明。")
        if result.unchecked:
            print(f"  原表合计空白、无法核对的勾稽关系 {len(result.unchecked)} 处（照原样留空）。")
        if result.problems:
            print(Problems(result.problems).format())
        if result.errors:
            status = 1
            print("  请核对原报告后修改文件；原报告就是这样印的，可加 --as-published 重新导入。", file=sys.stderr)
    return status
