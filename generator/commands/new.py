"""``xxgk new <栏目> "<标题>"``: a correctly filled item file for editors."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import yaml

from ..build import load_and_check
from ..dates import date_arg, today_from
from ..diagnostics import rel
from ..index_numbers import Numbering, load_record
from ..loader import CONTENT, ITEMS_DIR
from ..model import Column, Site
from . import ledger_unusable

HELP = "新建一条信息：自动填好今天的日期、索引号和所在栏目文件夹"

SCAFFOLD = """---
# 标题（必填）
title: {title}
# 索引号：已按本机关规则自动分配，发布后不得更改
index_no: {index_no}
# 发布日期（必填，YYYY-MM-DD）：在网站公开的日期
published: {today}
# 成文日期：文件签发的日期
written: {today}
# 文号：没有文号的信息删去这一行
doc_no:
# 发布机构：默认为本机关（{agency}），联合发文等情况才需要填写
# publisher: {agency}
# 主题分类：写作“一级\\二级”，不要加引号；完整列表见编辑指南
topic: 综合政务\\政务公开
# 体裁分类：决定、公告、通告、意见、通知、通报、报告、批复、函、纪要、其他……
genre: 通知
# 关键词：用方括号列出
keywords: []
# 服务对象：例如 全社会、企业、农民
audience: 全社会
# 内容概述：一两句话，用于政府信息公开目录
# summary:
# 有效性（规范性文件填写）：有效 / 失效 / 废止
# validity: 有效
# 施行日期、废止日期（规范性文件填写，YYYY-MM-DD）
# effective: {today}
# expires:
# 替代本文件的新文件的索引号（文件被替代时填写）
# superseded_by:
# 政策解读填写所解读文件的索引号
# interprets:
# 附件：把文件放在本文件旁边，然后列出文件名
# attachments:
#   - file: 附件1.pdf
#     title: 附件1 申请表
---

在这里写正文（Markdown）。
"""


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("column", help="子栏目：代码（如 gfxwj 或 zcwj/gfxwj）或名称（如 行政规范性文件）")
    p.add_argument("title", help="标题")
    p.add_argument("--today", type=date_arg, help="发布日期，默认今天")


def find_column(site: Site, wanted: str) -> Column | None:
    leaves = site.leaf_columns()
    for column in leaves:
        if wanted in (column.path, column.id, column.title):
            return column
    return None


def run(args: argparse.Namespace) -> int:
    today = today_from(args.today)
    site, problems = load_and_check(args.root, today)
    column = find_column(site, args.column)
    if column is None:
        print(f"错误：没有叫“{args.column}”的子栏目。可用的子栏目：", file=sys.stderr)
        for leaf in site.leaf_columns():
            trail = " / ".join(c.title for c in leaf.trail)
            print(f"  {leaf.path:<14} {trail}", file=sys.stderr)
        return 2
    if ledger_unusable(problems):
        return 1
    # The number is registered in the ledger before the file exists: a crash in
    # between leaves a number issued to nothing (harmless), never an item whose
    # number could be handed out again.
    issuer = Numbering(site.config.index_no, load_record(args.root), site.items).issuer()
    index_no = issuer.next(today.year)
    folder = args.root / CONTENT / ITEMS_DIR / column.path
    folder.mkdir(parents=True, exist_ok=True)
    path = _free_name(folder, index_no)
    issuer.register(index_no, rel(path, args.root), args.title, today.isoformat())
    issuer.save()
    path.write_text(
        SCAFFOLD.format(
            title=_yaml_scalar(args.title),
            index_no=index_no,
            today=today.isoformat(),
            agency=site.config.agency_name,
        ),
        encoding="utf-8",
    )
    print(f"已新建 {path.relative_to(args.root)}（{column.title}，索引号 {index_no}）")
    print("填好正文和各字段后运行 xxgk check 检查。")
    return 0


def _yaml_scalar(text: str) -> str:
    """``text`` as written when YAML reads it back unchanged, else quoted
    (a title may hold ": ", " #", a leading "[" or "*" …)."""
    try:
        if yaml.safe_load(f"title: {text}") == {"title": text}:
            return text
    except yaml.YAMLError:
        pass
    return json.dumps(text, ensure_ascii=False)


def _free_name(folder: Path, index_no: str) -> Path:
    stem = index_no.rsplit("/", 1)[-1]
    path = folder / f"{stem}.md"
    n = 2
    while path.exists():
        path = folder / f"{stem}-{n}.md"
        n += 1
    return path
