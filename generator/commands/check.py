"""``xxgk check``: validate all content and print every problem at once."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from ..build import load_and_check
from ..dates import date_arg, today_from
from ..inspection.rules import REPORT_KEY

HELP = "检查全部内容，一次列出所有问题（有错误时退出码为 1）"


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("--today", type=date_arg, help="按这一天检查（YYYY-MM-DD），默认今天")
    p.add_argument("--base", help="与之比较的已发布的 git 提交，默认 HEAD（或环境变量 XXGK_BASE_REF）；40 个 0 表示没有（首次推送）")
    p.add_argument("--json", action="store_true", help="以 JSON 输出问题列表")
    p.add_argument("--inspection-json", metavar="文件", type=Path, help="把巡检报告（按规则分组的检查结论）写成 JSON 文件；写 - 输出到屏幕")


def run(args: argparse.Namespace) -> int:
    site, problems = load_and_check(args.root, today_from(args.today), args.base)
    report = site.get(REPORT_KEY, None)  # the inspection feature's report (STANDARDS §8)
    if args.json:
        print(problems.to_json())
    else:
        print(f"已检查 {len(site.items)} 条信息。", file=sys.stderr)
        print(problems.format())
        if report is not None and args.inspection_json != Path("-"):
            print("\n" + report.format())
    if report is not None and args.inspection_json == Path("-"):
        print(report.to_json())
    elif report is not None and args.inspection_json:
        args.inspection_json.write_text(report.to_json() + "\n", encoding="utf-8")
    return 1 if problems.errors else 0
