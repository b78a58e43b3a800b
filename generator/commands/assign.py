"""``xxgk assign``: write the missing 索引号 into the item files.

The only command that edits content, and only when asked: each file gets one
``index_no:`` line after its ``title:`` line; nothing else in it changes.
"""

from __future__ import annotations

import argparse
import re

from ..build import load_and_check
from ..dates import today_from
from ..index_numbers import Allocator, published_numbers
from ..model import Item

HELP = "给缺少索引号的信息按本机关规则分配索引号，并写入文件"


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
    site, _ = load_and_check(args.root, today_from(None))
    allocator = Allocator(site.config.index_no, site.items, published_numbers(args.root))
    missing: list[Item] = sorted((i for i in site.items if not i.index_no), key=lambda i: (i.published or today_from(None), i.rel))
    for item in missing:
        year = (item.published or today_from(None)).year
        number = allocator.next(year)
        print(f"{item.rel}: 索引号 {number}")
        if not args.dry_run:
            text = item.source.read_bytes().decode("utf-8-sig")
            item.source.write_bytes(insert_index_no(text, number).encode("utf-8"))
    print(f"共分配 {len(missing)} 个索引号。" if missing else "所有信息都已有索引号。")
    return 0
