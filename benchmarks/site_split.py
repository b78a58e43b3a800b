"""Where a built site's bytes are, by kind of file (issue 11: the 50 000-item site must fit 1 GB).

    .venv/bin/python benchmarks/site_split.py bench-out/n2000/site

Prints bytes per item for each kind (item pages split into head, body and chrome;
listings; Pagefind fragments, index chunks, filters, meta and runtime; the search
lookup; catalogue files and pages; per-item JSON; feeds; sitemap; attachments),
so a change can be measured by what it saves. ``speed_bench.py`` prints the same.
"""

from __future__ import annotations

import re
import sys
from collections import Counter
from pathlib import Path

_BODY = re.compile(rb'<div class="xxgk-body">.*?</div>', re.S)
_HEAD = re.compile(rb"<head>.*?</head>", re.S)


def kind_of(rel: str) -> str:
    """The kind of a site file, from its path relative to the site."""
    top, _, rest = rel.partition("/")
    name = rel.rsplit("/", 1)[-1]
    if top in ("assets", "schemas"):
        return "fixed (assets, schemas)"
    if top == "doc":
        if name == "index.html":
            return "item pages"
        if name == "index.json":
            return "per-item JSON"
        return "attachments"
    if top == "pagefind":
        part = rest.split("/")
        if len(part) > 1 and part[1] in ("fragment", "index", "filter"):
            return f"Pagefind {part[1]}"
        if name.endswith(".pf_meta"):
            return "Pagefind meta"
        return "Pagefind runtime"
    if rel.startswith("search/lookup/"):
        return "search lookup"
    if top == "xxgkml":
        return "catalogue pages" if name.endswith(".html") else "catalogue files"
    if top.startswith("sitemap"):
        return "sitemap"
    if name.endswith(".xml"):
        return "feeds"
    if top == "fdzdgknr" and name.endswith(".html"):
        return "listings"
    return "other pages" if name.endswith(".html") else "other files"


def split(site: Path) -> tuple[Counter[str], int]:
    """Bytes by kind (item pages also as head / body / chrome) and the number of item pages."""
    sizes: Counter[str] = Counter()
    items = 0
    for path in site.rglob("*"):
        if not path.is_file():
            continue
        rel = path.relative_to(site).as_posix()
        kind = kind_of(rel)
        size = path.stat().st_size
        sizes[kind] += size
        if kind == "item pages":
            items += 1
            data = path.read_bytes()
            head = _HEAD.search(data)
            body = sum(len(m) for m in _BODY.findall(data))
            sizes["  item head"] += len(head.group()) if head else 0
            sizes["  item body"] += body
            sizes["  item chrome and metadata"] += size - body - (len(head.group()) if head else 0)
    return sizes, items


def report(site: Path, n_items: int | None = None) -> list[str]:
    """Lines of a table: kind, MB, bytes per item, MB at 50 000 items (fixed kept as is)."""
    sizes, items = split(site)
    n = n_items or items or 1
    lines = ["| kind | MB | bytes per item | 50 000 items, MB |", "|---|---|---|---|"]
    total = 0
    for kind, size in sorted(sizes.items(), key=lambda kv: (kv[0].startswith("  "), -kv[1])):
        fixed = kind.startswith("fixed")
        at = size if fixed else size * 50_000 / n
        if not kind.startswith("  "):
            total += at
        lines.append(f"| {kind} | {size / 2**20:.2f} | {size / n:.0f} | {at / 2**20:.0f} |")
    lines.append(f"| whole site | {sum(v for k, v in sizes.items() if not k.startswith('  ')) / 2**20:.2f} | | {total / 2**20:.0f} |")
    return lines


if __name__ == "__main__":
    print("\n".join(report(Path(sys.argv[1]), int(sys.argv[2]) if len(sys.argv) > 2 else None)))
