"""``xxgk assign``: write the missing 索引号 into the item files, and register
every number in the ledger (``content/index-ledger.tsv``).

The only command that edits content, and only when asked: each file gets one
``index_no:`` line after its ``title:`` line; nothing else in it changes; the
ledger only gets lines appended. A number an editor typed by hand is
registered only after checking it was never issued to another document; an
item that lost its number gets its own number back, never a new one.
"""

from __future__ import annotations

import argparse
import re

from ..build import load_and_check
from ..dates import today_from
from ..index_numbers import Numbering, iso, load_record
from ..model import Item
from . import ledger_unusable

HELP = "给缺少索引号的信息按本机关规则分配索引号，写入文件，并把手工填写的索引号登记到索引号台账"


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("--dry-run", action="store_true", help="只列出将要分配的号码，不改文件")


def insert_index_no(text: str, number: str) -> str:
    """Add ``index_no`` after the front matter's title line (or first line)."""
    newline = "\r\n" if "\r\n" in text else "\n"
    lines = text.split(newline)
    end = next((i for i in range(1, len(lines)) if lines[i].strip() == "---"), len(lines))
    at = next((i + 1 for i in range(1, end) if re.match(r"title\s*:", lines[i])), 1)
    while at < end and lines[at][:1] in (" ", "\t"):  # a title folded over several lines
        at += 1
    blank = next((i for i in range(1, end) if re.match(r"index_no\s*:\s*(#.*)?$", lines[i])), None)
    if blank is not None:
        lines[blank] = f"index_no: {number}"
    else:
        lines.insert(at, f"index_no: {number}")
    return newline.join(lines)


def run(args: argparse.Namespace) -> int:
    today = today_from(None)
    site, problems = load_and_check(args.root, today)
    if ledger_unusable(problems):
        return 1
    record = load_record(args.root)
    numbering = Numbering(site.config.index_no, record, site.items)
    issuer = numbering.issuer()
    rule = site.config.index_no
    published = {p.index_no: p for p in record.base_items}
    items = sorted(site.items, key=lambda i: (i.published or today, i.rel))
    writes: list[tuple[Item, str]] = []
    registered = refused = 0
    # Hand-typed numbers first, so a number an editor chose is taken before any is handed out.
    for item in items:
        number = item.index_no
        if number is None or record.ledger.is_issued(number):
            continue
        former = numbering.former(item)
        why = ""
        if former is not None:
            why = f"这份文件已登记为 {former.index_no}，不能改用 {number}：改回 {former.index_no}"
        elif not rule.accepts(number, item.column.path if item.column else None):
            why = f"“{number}”不符合本机关的索引号格式 {rule.template}"
        elif number in record.history.first:
            why = f"{number} 曾登记在已提交的台账中，先按 xxgk check 的提示修好台账"
        elif number in published and published[number].path != item.rel and published[number].title != item.title:
            why = f"{number} 已发布给“{published[number].title}”（{published[number].path}）"
        if not why:
            issuer.register(number, item.rel, item.title, iso(item.published))
            registered += 1
            print(f"{item.rel}: 登记索引号 {number}")
            continue
        refused += 1
        print(f"{item.rel}: 没有登记：{why}。")
    for item in items:
        if item.index_no:
            continue
        former = numbering.former(item)
        if former is not None:
            number = former.index_no
            if not record.ledger.is_issued(number):
                issuer.register(number, item.rel, item.title, iso(item.published))
            print(f"{item.rel}: 索引号 {number}（写回这份文件原来的号）")
        else:
            number = issuer.next((item.published or today).year)
            issuer.register(number, item.rel, item.title, iso(item.published))
            print(f"{item.rel}: 索引号 {number}")
        writes.append((item, number))
    if not args.dry_run:
        issuer.save()  # the ledger first: a number is never in a file without being issued
        for item, number in writes:
            text = item.source.read_bytes().decode("utf-8-sig")
            item.source.write_bytes(insert_index_no(text, number).encode("utf-8"))
    if writes:
        print(f"共分配 {len(writes)} 个索引号。")
    if registered:
        print(f"共登记 {registered} 个信息文件中已有、台账中还没有的索引号。")
    if not writes and not registered and not refused:
        print("所有信息都已有索引号。")
    return 1 if refused else 0
