"""A build split into N independent parts, on N machines (GitHub Actions
matrix jobs), and the build that assembles them.

``XXGK_PART=k/N mkdocs build`` builds part ``k`` of ``N``: it loads and checks
the whole content (the checks are global), lets MkDocs render the structural
pages and the shells (a few hundred pages), then renders only its share of the
item pages — the items cut into N date-contiguous ranges (newest first, equal
counts) — and runs the post-build steps that work per part (``PostStep.in_parts``:
the search index of its own pages, in date-contiguous shards whose ids carry
``-p<k>``). Part 1 also indexes the other content pages (guide, 制度, reports).
Its ``site/`` then holds only what the part contributes: ``doc/`` and ``pagefind/``.

``XXGK_ASSEMBLE=dir1,dir2,… mkdocs build`` is an ordinary build that renders
no item page itself: it takes them, with the parts' search shards, from the
parts' folders (hard links where possible), joins what the features' steps
wrote per part (``Feature.assemble``: the shard manifest), then runs the steps
that read the whole site (the link check), the late pages, and publishes
atomically like any build. The assembled site equals an unsplit build's, but
for the cut of the search index into shards.
"""

from __future__ import annotations

import os
import re
import shutil
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from .model import Key, Site

PART_ENV = "XXGK_PART"
ASSEMBLE_ENV = "XXGK_ASSEMBLE"
KEPT = ("doc", "pagefind")  # what a part's site holds once it is done
_KEY: Key[Part] = Key("core.part")


class PartError(ValueError):
    pass


@dataclass(frozen=True)
class Part:
    index: int = 1  # 1-based
    count: int = 1
    assemble: tuple[Path, ...] = field(default_factory=tuple)  # the parts' folders, for the assembly

    @property
    def split(self) -> bool:
        return self.count > 1

    @property
    def suffix(self) -> str:
        """Added to the ids of this part's search shards (unique across parts)."""
        return f"-p{self.index}" if self.split else ""


def from_env(root: Path) -> Part:
    value = os.environ.get(PART_ENV, "").strip()
    parts = [p.strip() for p in os.environ.get(ASSEMBLE_ENV, "").split(",") if p.strip()]
    if value and parts:
        raise PartError(f"{PART_ENV} 与 {ASSEMBLE_ENV} 不能同时设置")
    if parts:
        folders = tuple((root / p).resolve() for p in parts)
        missing = [str(f) for f in folders if not (f / "doc").is_dir()]
        if missing:
            raise PartError(f"{ASSEMBLE_ENV}：这些文件夹不是分段构建的结果（没有 doc/）：{', '.join(missing)}")
        return Part(assemble=folders)
    if not value:
        return Part()
    m = re.fullmatch(r"(\d+)/(\d+)", value)
    if not m or not 1 <= int(m.group(1)) <= int(m.group(2)):
        raise PartError(f"{PART_ENV}={value!r}：应写成 k/N，例如 2/4（第 2 部分，共 4 部分）")
    return Part(int(m.group(1)), int(m.group(2)))


def attach(site: Site, part: Part) -> None:
    site.put(_KEY, part)


def of(site: Site) -> Part:
    return site.get(_KEY, Part())


def item_ranges(urls_newest_first: list[str], count: int) -> list[set[str]]:
    """N date-contiguous ranges of equal size (the first ones one larger)."""
    size, extra = divmod(len(urls_newest_first), count)
    out, start = [], 0
    for n in range(count):
        end = start + size + (1 if n < extra else 0)
        out.append(set(urls_newest_first[start:end]))
        start = end
    return out


def _newest_first(site: Site) -> list[tuple[str, str]]:
    return sorted(((str(i.meta.get("published") or ""), i.url) for i in site.items), reverse=True)


def own_items(site: Site, part: Part) -> set[str]:
    """The URLs of the item pages this part renders."""
    return item_ranges([url for _, url in _newest_first(site)], part.count)[part.index - 1]


def owns_date(site: Site, date: str) -> bool:
    """Whether a page of this date (other than an item) is this part's to index:
    the first part, newest first, whose items reach back to it (so the parts'
    search shards stay date-contiguous across parts)."""
    part = of(site)
    if not part.split:
        return True
    ordered = _newest_first(site)
    ranges = item_ranges([url for _, url in ordered], part.count)
    oldest = {url: date for date, url in ordered}
    for index, urls in enumerate(ranges, 1):
        floor = min((oldest[u] for u in urls), default="")
        if index == part.count or date >= floor:
            return index == part.index
    return False


def page_filter(site: Site, part: Part) -> Callable[[str], bool] | None:
    """Which pages rendered from shells this build writes: a part, its range of
    item pages; the assembly, every page but the items (the parts made them); None: all."""
    if part.assemble:
        items = {i.url for i in site.items}
        return lambda url: url not in items
    if not part.split:
        return None
    own = own_items(site, part)
    return lambda url: url in own


def prune(site_dir: Path) -> None:
    """A part's site once its steps ran: only what it contributes."""
    for entry in site_dir.iterdir():
        if entry.name in KEPT:
            continue
        if entry.is_dir() and not entry.is_symlink():
            shutil.rmtree(entry)
        else:
            entry.unlink()


def prune_items(site_dir: Path, site: Site, own: set[str]) -> None:
    """Other parts' item folders (MkDocs copied their attachments into every part)."""
    for item in site.items:
        if item.url not in own:
            shutil.rmtree(site_dir / item.url, ignore_errors=True)


def merge(parts: tuple[Path, ...], staging: Path) -> int:
    """The parts' pages and shards into the assembled site (hard links); returns the files added."""
    added = 0
    for part in parts:
        for dirpath, _dirnames, filenames in os.walk(part):
            target = staging / os.path.relpath(dirpath, part)
            target.mkdir(parents=True, exist_ok=True)
            for name in filenames:
                dest = target / name
                if dest.exists():
                    continue
                try:
                    os.link(os.path.join(dirpath, name), dest)
                except OSError:
                    shutil.copy2(os.path.join(dirpath, name), dest)
                added += 1
    return added
