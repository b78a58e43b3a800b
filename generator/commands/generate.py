"""``xxgk generate``: check the content and write the docs tree, without MkDocs.

For engines that read ``mkdocs.yml`` but run no hooks (Zensical, MkDocs 2):
run this, then build ``build/mkdocs.yml`` with the engine. ``mkdocs build``
does the same generation itself through ``generator/mkdocs_hooks.py``.
"""

from __future__ import annotations

import argparse
import sys

from ..build import generate
from ..dates import date_arg, today_from
from ..diagnostics import ContentError

HELP = "检查内容并生成文档树 build/docs 和 build/mkdocs.yml（供不运行 hooks 的引擎使用）"


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("--today", type=date_arg, help="按这一天检查（YYYY-MM-DD），默认今天")


def run(args: argparse.Namespace) -> int:
    try:
        generated = generate(args.root, today=today_from(args.today))
    except ContentError as exc:
        print(exc.problems.format())
        print("内容检查未通过，文档树没有生成。", file=sys.stderr)
        return 1
    if generated.problems:
        print(generated.problems.format())
    stats = generated.stats
    print(
        f"已生成 build/docs：{len(generated.site.items)} 条信息；写入 {stats.written} 个文件，"
        f"复制 {stats.copied} 个，删除 {stats.removed} 个，{stats.unchanged} 个未变。"
    )
    print("不运行 hooks 的引擎请构建 build/mkdocs.yml，例如：mkdocs build -f build/mkdocs.yml")
    return 0
