"""索引号: allocation of new numbers, and the published record they must keep.

A 索引号 is unique and never changes once issued. "Issued" means committed:
the record is the git history of ``content/items``. A number is checked
against the *base* commit (``HEAD`` by default; CI on a pull request passes
the target branch through ``XXGK_BASE_REF``):

* a file that had number X in the base must still have X;
* a number that belonged to a file now deleted may not appear on a different
  document (same title elsewhere counts as the document having moved).

New numbers are always ``1 + the highest serial of the year`` seen in the
working tree or the base, so gaps left by deleted items are never refilled.
"""

from __future__ import annotations

import os
import re
import subprocess
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from . import caches
from .config import IndexNoRule
from .model import Item

_INDEX_LINE = re.compile(r"^index_no:\s*['\"]?([^'\"#\n]+?)['\"]?\s*(?:#.*)?$", re.M)
_TITLE_LINE = re.compile(r"^title:\s*['\"]?([^'\"#\n]+?)['\"]?\s*(?:#.*)?$", re.M)


@dataclass(frozen=True)
class Published:
    path: str  # relative to the project root
    index_no: str
    title: str


def _git(root: Path, *args: str, data: bytes | None = None) -> bytes | None:
    try:
        result = subprocess.run(
            ["git", "-C", str(root), *args], input=data, capture_output=True, check=False, timeout=60
        )
    except (OSError, subprocess.TimeoutExpired):
        return None
    return result.stdout if result.returncode == 0 else None


def base_ref() -> str:
    return os.environ.get("XXGK_BASE_REF", "HEAD")


@cache
def _published_at(root: Path, commit: str) -> tuple[Published, ...]:
    # Prefix of content/ inside the repository (the project may be a subfolder).
    prefix = (_git(root, "rev-parse", "--show-prefix") or b"").decode().strip()
    listing = _git(root, "ls-tree", "-r", "-z", "--full-name", commit, "--", "content/items")
    if not listing:
        return ()
    entries = []
    for record in listing.split(b"\0"):
        if not record:
            continue
        meta, _, name = record.partition(b"\t")
        path = name.decode()
        if path.endswith(".md"):
            entries.append((meta.split()[2].decode(), path[len(prefix) :]))
    if not entries:
        return ()
    blob = _git(root, "cat-file", "--batch", data="\n".join(sha for sha, _ in entries).encode() + b"\n")
    if blob is None:
        return ()
    out: list[Published] = []
    pos = 0
    for _, path in entries:
        header_end = blob.index(b"\n", pos)
        size = int(blob[pos:header_end].split()[2])
        text = blob[header_end + 1 : header_end + 1 + size].decode("utf-8", "replace")
        pos = header_end + 1 + size + 1
        front = text.split("\n---", 1)[0]
        number = _INDEX_LINE.search(front)
        title = _TITLE_LINE.search(front)
        if number:
            out.append(Published(path, number.group(1).strip(), title.group(1).strip() if title else ""))
    return tuple(out)


caches.register(_published_at.cache_clear)


def published_numbers(root: Path, ref: str | None = None) -> tuple[Published, ...]:
    """Index numbers recorded in the base commit; empty outside a git repository."""
    commit = _git(root, "rev-parse", "--verify", "--quiet", f"{ref or base_ref()}^{{commit}}")
    if not commit:
        return ()
    return _published_at(root.resolve(), commit.decode().strip())


class Allocator:
    """Hands out the next free serial per year, never reusing one."""

    def __init__(self, rule: IndexNoRule, items: list[Item], published: tuple[Published, ...] = ()):
        self.rule = rule
        self.highest: dict[int, int] = {}
        for number in [i.index_no for i in items if i.index_no] + [p.index_no for p in published]:
            parsed = rule.parse(number)
            if parsed:
                year, serial = parsed
                self.highest[year] = max(self.highest.get(year, 0), serial)

    def next(self, year: int) -> str:
        key = year if self.rule.yearly else 0
        serial = self.highest.get(key, 0) + 1
        self.highest[key] = serial
        return self.rule.format(year, serial)
