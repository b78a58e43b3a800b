"""Exact 文号/索引号 lookups, outside the full-text index.

A pasted number must land on its document at once. Pagefind cannot do that
cheaply: it splits 溪农发〔2024〕3号 into common words (溪/农/发/2024/3/号) whose
index chunks weigh tens of KB per shard, and a hashed lookup word sits in a
chunk of thousands of such words (about 100 KB per shard at 10 000 items). So
the numbers get a table of their own: ``search/lookup/<bucket>.json``, the
bucket being the first hex digits of a hash of the normalised number, sized so
a bucket holds a few dozen entries (about 1-5 KB). The browser fetches the one
bucket it needs, before and independently of Pagefind (``search.js``
computes the same key and hash; keep the two in step).

A document with two numbers (文号 and 索引号) is written once, under its first:
the other's row only names the bucket holding it (``r``) and the page (``u``),
and the browser fetches that bucket too. A full row is ~0.3 KB; a second copy of it was
0.5 KB of every document (issue 11).
"""

from __future__ import annotations

import functools
import hashlib
import json
from collections.abc import Callable
from typing import Any

from .. import diskmemo
from ..catalogues.basic import site_summary  # the 内容概述 the catalogue shows
from ..docs_tree import DocsTree
from ..model import Item, Site
from ..pages.items import kept_apart, kept_product, page_digests
from .fields import item_fields, lookup_key, page_fields

LOOKUP_DIR = "search/lookup/"
BUCKET_TARGET = 32  # entries per bucket, on average, at most


def fnv1a32(text: str) -> str:
    """FNV-1a (32 bits) of the UTF-8 bytes, as 8 hex digits (``search.js``: ``fnv1a``)."""
    h = 0x811C9DC5
    for byte in text.encode("utf-8"):
        h = ((h ^ byte) * 0x01000193) & 0xFFFFFFFF
    return f"{h:08x}"


def bucket_digits(keys: int) -> int:
    """Hex digits of the bucket name: 1 (16 buckets) for a small site, up to
    4 (65 536 buckets, about 2 million numbers at the target fill)."""
    digits = 1
    while digits < 4 and keys > BUCKET_TARGET * 16**digits:
        digits += 1
    return digits


EXCERPT = 40  # characters: search.js's EXCERPT, the length of every result's excerpt


def excerpt(summary: str) -> str:
    """An exact hit's excerpt: the 内容概述's start, as long as any result's excerpt (the
    whole 内容概述 was 0.2 KB more of every document, 9 MB at 50 000 items, issue 11)."""
    summary = summary.removesuffix("…")
    return summary if len(summary) <= EXCERPT else summary[:EXCERPT] + "…"


def _entry(key: str, url: str, title: str, fields: dict[str, Any], summary: str) -> dict[str, Any]:
    meta = fields["meta"]
    return {
        "k": key,
        "u": url,
        "t": title,
        "d": meta.get("date", ""),
        "n": meta.get("doc_no", ""),
        "s": summary,
        "f": fields["filters"],
        **{short: meta[key] for short, key in _ENDED.items() if meta.get(key)},
    }


# A repealed or expired document's exact hit says so too (search.js reads these short keys).
_ENDED = {"v": "validity", "rb": "replaced_by", "ru": "replaced_url"}


def _item_rows(site: Site, item: Item) -> tuple[list[dict[str, Any]], list[str]]:
    """An item's rows, and the hash of each row's number (fnv1a32 in pure Python: ~10 µs a number)."""
    numbers = sorted({lookup_key(n) for n in (item.doc_no, item.index_no or "") if n})
    if not numbers:
        return [], []
    fields = item_fields(site, item)
    text = excerpt(site_summary(site, item))
    rows = [_entry(numbers[0], item.url, item.title, fields, text), *({"k": k, "u": item.url} for k in numbers[1:])]
    return rows, [fnv1a32(k) for k in numbers]


Rows = tuple[list[dict[str, Any]], list[str]]  # a page's rows, and the hash of each one's number


def lookup_entries(site: Site) -> list[tuple[list[str], bytes | None, Callable[[], Rows]]]:
    """Per page, one entry per number (the first full, see the module's notes): items by
    文号 and 索引号, 制度 pages by 文号. For each page: the hash of each entry's number, a
    digest its entries are a function of (an item's page inputs; None when not known), and
    a function that gives its entries and hashes (an item's are read from the memo only
    when a bucket holding them is made again: ~0.3 KB a page, read by every build)."""
    entries: list[tuple[list[str], bytes | None, Callable[[], Rows]]] = []
    made: dict[int, Rows] = {}  # what this build made anew (a cold build): not read back
    digests = page_digests(site)
    for item in site.items:
        # In the item's record; the rows kept by the item page's inputs (pages.items.kept_apart:
        # these read only what they cover). Two partials an item, no closures (~20 ms a build).
        hashes = kept_product(site, item, "lookup-hashes", functools.partial(_hashes, site, item, made))
        if hashes:
            entries.append((hashes, digests.get(id(item)), functools.partial(_rows_of, site, item, made)))
    for page in site.rules:
        doc_no = str(page.meta.get("doc_no") or "")
        if doc_no:
            fields = page_fields(site, "zhidu", page, page.published)
            key = lookup_key(doc_no)
            row = _entry(key, f"zhidu/{page.slug}/", page.title, fields, "")
            rows: Rows = ([row], [fnv1a32(key)])
            entries.append((rows[1], diskmemo.key(repr(row)), functools.partial(_given, rows)))
    return entries


def _kept_rows(site: Site, item: Item) -> Rows:
    return kept_apart(site, item, "lookup-rows", functools.partial(_item_rows, site, item))


def _hashes(site: Site, item: Item, made: dict[int, Rows]) -> list[str]:
    made[id(item)] = _kept_rows(site, item)
    return made[id(item)][1]


def _rows_of(site: Site, item: Item, made: dict[int, Rows]) -> Rows:
    return made[id(item)] if id(item) in made else _kept_rows(site, item)


def _given(rows: Rows) -> Rows:
    return rows


def write_lookup(site: Site, tree: DocsTree, version: str) -> int:
    """Write the buckets; returns the number of hex digits in a bucket's name. A bucket is
    made only when the file is not already it (``DocsTree.add_kept``): by the digests of
    the pages whose rows it holds, in order, which row of each, and the code (``version``)."""
    pages = lookup_entries(site)
    digits = bucket_digits(sum(len(hashes) for hashes, _, _ in pages))
    held: dict[str, list[tuple[int, int]]] = {}  # bucket → (page, number) of its rows, in order
    # Each row as its bucket's key holds it: fixed width (16 bytes of its page's digest, its
    # number), so a bucket's are joined into one part to hash (~4 000 buckets at 10 000 items).
    shown: dict[str, list[bytes]] = {}
    known = all(digest is not None for _, digest, _ in pages)
    for index, (hashes, digest, _) in enumerate(pages):
        for number, hashed in enumerate(hashes):
            name = hashed[:digits]
            if name not in held:
                held[name], shown[name] = [], []
            held[name].append((index, number))
            if known:
                shown[name].append(digest + number.to_bytes(2, "little"))  # type: ignore[operator]
    # The key of each bucket: the code and the digits, then its rows (a copy of the hash of
    # the first two, not diskmemo.key's three parts: ~3 µs a bucket).
    head = hashlib.blake2b(f"{version}\0{digits}\0".encode(), digest_size=16)
    for name, members in held.items():
        rel = f"{LOOKUP_DIR}{name}.json"
        make = functools.partial(_bucket, pages, members, digits)
        if known:
            key = head.copy()
            key.update(b"".join(shown[name]))
            tree.add_kept(rel, key.digest(), make)
        else:
            tree.add(rel, make())
    return digits


def _bucket(pages: list[tuple[list[str], bytes | None, Callable[[], Rows]]], members: list[tuple[int, int]], digits: int) -> str:
    """A bucket's JSON: a page's first row whole in its home bucket, another row naming
    that bucket (``r``) and the page."""
    rows = []
    for index, number in members:
        hashes, _, rows_of = pages[index]
        row = rows_of()[0][number]
        rows.append(row if number == 0 else row | {"r": hashes[0][:digits]})
    return json.dumps(rows, ensure_ascii=False, separators=(",", ":"))
