"""The item files an import writes, and finding the ones an earlier import wrote.

An imported item is found again by its old address (``legacy_url``), wherever
an editor moved it. Its first line records a fingerprint of the saved page: a
second run leaves a file whose page did not change untouched (an editor's
corrections survive); a changed page updates what the import reads (fields,
body, files) and keeps what an editor added (other keys, other attachments) and
the item's 索引号 (never renumbered).
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from ..diagnostics import Problems
from ..files import walk_markdown
from ..legacy.urls import request_path, urls_of
from ..loader import slugify
from ..sources import SourceError, load_markdown

# Front matter keys in the order the import writes them (the scaffold's order).
ORDER = ("title", "index_no", "published", "written", "doc_no", "issuer", "publisher", "topic", "genre", "keywords",
         "validity", "effective", "expires", "legacy_url", "attachments")  # fmt: skip
IMPORTED = set(ORDER)  # the keys an import reads from a page (and so may update)
_DUMPER = getattr(yaml, "CSafeDumper", yaml.SafeDumper)  # libyaml's: the pure-Python one costs 3 ms an item
_STAMP = re.compile(r"源页面指纹 ([0-9a-f]{16})")


def fingerprint(data: bytes, profile: str) -> str:
    return hashlib.sha256(profile.encode() + b"\0" + data).hexdigest()[:16]


@dataclass
class Existing:
    path: Path
    meta: dict[str, Any]
    stamp: str | None  # the fingerprint of the page it was imported from


def old_path(url: str) -> str:
    """The key an item is found again by: the old address's decoded path (host and query aside)."""
    return request_path(url)[0]


def existing(items_root: Path, root: Path) -> dict[str, Existing]:
    """Every item file that records an old address, by that address's path."""
    found: dict[str, Existing] = {}
    if not items_root.is_dir():
        return found
    for name in walk_markdown(items_root, root, Problems()):
        path = Path(name)
        try:
            source = load_markdown(path)
        except SourceError:
            continue
        meta = source.data if isinstance(source.data, dict) else {}
        if "legacy_url" not in meta:
            continue
        head = path.read_text(encoding="utf-8", errors="replace")[:400]
        stamp = _STAMP.search(head)
        entry = Existing(path, meta, stamp.group(1) if stamp else None)
        for _n, url in urls_of(meta):
            if key := old_path(url):
                found.setdefault(key, entry)
    return found


def file_stem(url: str, taken: set[str]) -> str:
    """A file name for a new item from its old address: the page's name, then its folders, until unique."""
    parts = [p for p in old_path(url).split("/") if p]
    if parts:
        parts[-1] = re.sub(r"\.[A-Za-z0-9]{1,6}$", "", parts[-1])
    for n in range(1, len(parts) + 1):
        stem = slugify("-".join(parts[-n:]))
        if stem != "item" and stem not in taken:
            return stem
    digest = hashlib.sha256(url.encode()).hexdigest()[:8]
    return f"item-{digest}"


def merge(new: dict[str, Any], old: dict[str, Any] | None) -> dict[str, Any]:
    """The page's values, plus what an editor added; the 索引号 already in the file wins."""
    merged = dict(new)
    if old:
        for key, value in old.items():
            if key not in merged or (key == "index_no" and value):
                merged[key] = value
        attachments = list(merged.get("attachments") or [])
        files = {a["file"] if isinstance(a, dict) else a for a in attachments}
        for entry in old.get("attachments") or []:
            name = entry.get("file") if isinstance(entry, dict) else entry
            if name not in files:
                attachments.append(entry)
        if attachments:
            merged["attachments"] = attachments
    ordered = {k: merged[k] for k in ORDER if k in merged}
    ordered.update({k: v for k, v in merged.items() if k not in ordered})
    return ordered


def render(meta: dict[str, Any], body: str, url: str, stamp: str) -> str:
    head = f"# 由 xxgk import 从旧网站导入：{url}（源页面指纹 {stamp}：旧页面不变时，重新导入不改动本文件）\n"
    text = yaml.dump(meta, Dumper=_DUMPER, allow_unicode=True, sort_keys=False, width=100_000, default_flow_style=False)
    return f"---\n{head}{text}---\n\n{body}"
