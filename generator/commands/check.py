"""``xxgk check``: validate all content and print every problem at once."""

from __future__ import annotations

import argparse
import sys

from ..build import load_and_check
from . import today_from

HELP = "检查全部内容，一次列出所有问题（有错误时退出码为 1）"


def add_arguments(p: argparse.ArgumentParser) -> None:
    from ..cli import date_arg

    p.add_argument("--today", type=date_arg, help="按这一天检查（YYYY-MM-DD），默认今天")
    p.add_argument("--base", help="记录已发布索引号的 git 提交，默认 HEAD（或环境变量 XXGK_BASE_REF）")
    p.add_argument("--json", action="store_true", help="以 JSON 输出问题列表")


def run(args: argparse.Namespace) -> int:
    site, problems = load_and_check(args.root, today_from(args.today), args.base)
    if args.json:
        print(problems.to_json())
    else:
        print(f"已检查 {len(site.items)} 条信息。", file=sys.stderr)
        print(problems.format())
    return 1 if problems.errors else 0
