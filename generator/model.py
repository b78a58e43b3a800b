"""The domain objects of a disclosure column.

These are plain data: loading fills them (``loader.py``), checks read them
(``checks/``), and the docs-tree writer renders them (``pages/``).
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any, Generic, TypeVar

from .config import SiteConfig

T = TypeVar("T")

# The four first-level parts (国办公开办函〔2019〕61号), in their fixed order.
PARTS: tuple[tuple[str, str], ...] = (
    ("zhinan", "政府信息公开指南"),
    ("zhidu", "政府信息公开制度"),
    ("fdzdgknr", "法定主动公开内容"),
    ("ndbg", "政府信息公开工作年度报告"),
)
PART_TITLE = dict(PARTS)
COLUMN_NAME = "政府信息公开"
ITEM_URL_DIR = "doc"  # item pages live at doc/<slug>/, independent of their column


# A date, and for a 发布日期 kept from a legacy site a time of day after one space.
_DATE_TIME = re.compile(r"(\d{4}-\d{2}-\d{2})(?: (\d{2}:\d{2}(?::\d{2})?))?")


@cache
def split_date_time(value: str) -> tuple[str, str]:
    """``("2024-03-29", "15:14")`` for ``2024-03-29 15:14``; ``(value, "")`` for anything else."""
    m = _DATE_TIME.fullmatch(value)
    return (m.group(1), m.group(2) or "") if m else (value, "")


@cache  # listings, sorting (Column.all_items) and checks ask for the same dates many times per item
def iso_date(value: str) -> dt.date | None:
    """The date written as ``YYYY-MM-DD`` (or its date part when a time follows), or None."""
    day, time = split_date_time(value)
    try:
        if time:
            dt.time.fromisoformat(time)
        return dt.date.fromisoformat(day) if len(day) == 10 else None
    except ValueError:
        return None


_SPACES = re.compile(r"\s+")


@cache
def _normal_number(value: str) -> str:
    return _SPACES.sub("", unicodedata.normalize("NFKC", value))


@dataclass
class Column:
    """A sub-column of 法定主动公开内容; items sit in leaf columns."""

    id: str
    title: str
    parent: Column | None = None
    children: list[Column] = field(default_factory=list)
    description: str = ""
    update_months: int | None = None
    items: list[Item] = field(default_factory=list)  # own items (leaves only)
    # all_items() of a parent, merged and sorted once (pages ask for it thousands of times),
    # with the sizes it was made from: an item added later makes it anew.
    _merged: tuple[tuple[int, ...], list[Item]] | None = field(default=None, init=False, repr=False, compare=False)

    @property
    def path(self) -> str:
        """``zcwj/gfxwj``: the folder under content/items/ and the URL tail."""
        return f"{self.parent.path}/{self.id}" if self.parent else self.id

    @property
    def url(self) -> str:
        return f"fdzdgknr/{self.path}/"

    @property
    def trail(self) -> list[Column]:
        return [*self.parent.trail, self] if self.parent else [self]

    @property
    def is_leaf(self) -> bool:
        return not self.children

    def walk(self) -> list[Column]:
        out = [self]
        for child in self.children:
            out.extend(child.walk())
        return out

    def has_items(self) -> bool:
        """Whether it or a descendant holds an item (without sorting them all, as all_items does)."""
        return any(column.items for column in self.walk())

    def all_items(self) -> list[Item]:
        """Own and descendants' items, newest first."""
        if self.is_leaf:
            return self.items
        sizes = tuple(len(column.items) for column in self.walk())
        if self._merged is None or self._merged[0] != sizes:
            merged = [item for child in self.children for item in child.all_items()]
            merged.sort(key=Item.sort_key)
            self._merged = (sizes, merged)
        return list(self._merged[1])  # a copy: callers may reorder theirs


@dataclass(slots=True)
class Attachment:
    file: str  # name relative to the item's folder
    title: str
    path: Path  # absolute source path
    size: int | None = None  # bytes; None when the file is missing or refused
    problem: str | None = None  # why the file cannot be published (outside the folder, a link)

    @property
    def kind(self) -> str:
        suffix = Path(self.file).suffix.lstrip(".").upper()
        return suffix or "文件"


@dataclass(slots=True)  # no per-object __dict__: ~10 000 held for the whole build, each a pass of the collector
class Item:
    """One disclosed item: a Markdown file with front matter."""

    path: str  # absolute path of the .md file (a string: a Path of each costs ~0.05 s at 10 000 items, and few are asked for)
    rel: str  # path relative to the project root, for messages
    column: Column | None
    meta: dict[str, Any]  # front matter as written (dates as strings)
    # The body (Markdown after the front matter, see ``body``), or how to read it: a rebuild
    # reads an unchanged item's from the build's memo only when asked (loader.read_markdown's
    # ``lazy_body``): unmarshalling every body cost ~0.04 s at 10 000 items, and few are asked for.
    text: str | Callable[[], str]
    lines: Mapping[tuple[Any, ...], int]
    body_line: int = 1
    attachments: list[Attachment] = field(default_factory=list)
    slug: str = ""  # filled once the index number is known
    digest: bytes = b""  # of its file (Source.digest): its own checks' results are kept by it
    body_key: bytes = b""  # diskmemo.key(body) (Source.body_key): the body's Markdown records are kept by it

    def line(self, *keys: Any) -> int | None:
        for n in range(len(keys), 0, -1):
            if keys[:n] in self.lines:
                return self.lines[keys[:n]]
        return 1

    @property
    def body(self) -> str:
        text = self.text
        if not isinstance(text, str):
            text = self.text = text()
        return text

    @body.setter
    def body(self, value: str) -> None:
        self.text = value

    @property
    def source(self) -> Path:
        """The .md file (made when asked: a one-edit rebuild asks for the edited item's only)."""
        return Path(self.path)

    @property
    def title(self) -> str:
        return str(self.meta.get("title", "")).strip()

    @property
    def index_no(self) -> str | None:
        """The number as compared and shown: full-width characters and stray
        spaces normalised away, so a duplicate written oddly is still one
        (the item check reports the odd writing itself)."""
        value = self.meta.get("index_no")
        return _normal_number(str(value)) if value not in (None, "") else None

    @property
    def doc_no(self) -> str:
        return str(self.meta.get("doc_no") or "")

    def date(self, key: str) -> dt.date | None:
        value = self.meta.get(key)
        return iso_date(value) if isinstance(value, str) else None

    @property
    def published(self) -> dt.date | None:
        value = self.meta.get("published")  # date("published") inlined: ~120 000 calls a rebuild at 10 000 items
        return iso_date(value) if isinstance(value, str) else None

    @property
    def published_day(self) -> str:
        """发布日期 as listings show it: the date part of ``published``."""
        return split_date_time(str(self.meta.get("published") or ""))[0]

    @property
    def published_time(self) -> str:
        """The time of day of ``published`` (``HH:MM[:SS]``), '' when none is written."""
        return split_date_time(str(self.meta.get("published") or ""))[1]

    @property
    def url(self) -> str:
        return f"{ITEM_URL_DIR}/{self.slug}/"

    def sort_key(self) -> tuple:
        """Newest first; ties broken by index number, then path, so order is stable."""
        published = self.published or dt.date.min
        return (-published.toordinal(), self.index_no or "", self.rel)

    @property
    def keywords(self) -> list[str]:
        value = self.meta.get("keywords")
        if isinstance(value, list):
            return [str(v) for v in value]
        if isinstance(value, str):
            return [w for w in re.split(r"[\s,，、;；]+", value) if w]
        return []


@dataclass
class Page:
    """A free-standing Markdown page (a 制度 page)."""

    source: Path
    rel: str
    slug: str
    meta: dict[str, Any]
    body: str
    body_line: int = 1  # line of the file where the body starts, for messages

    @property
    def title(self) -> str:
        return str(self.meta.get("title", "")).strip()

    @property
    def published(self) -> dt.date | None:
        value = self.meta.get("published")
        return iso_date(value) if isinstance(value, str) else None


@dataclass
class Guide:
    rel: str
    data: dict[str, Any]

    @property
    def updated(self) -> dt.date | None:
        return iso_date(str(self.data.get("updated")))


_MISSING: Any = object()


class Key(str, Generic[T]):
    """A typed name for a value computed once per build and kept on the site
    (``Site.memo``): ``LINKS = Key[PolicyLinks]("policy.links")``. A string, whose hash
    Python keeps: a frozen dataclass hashed its fields again at each of the ~100 000
    look-ups of a build at 10 000 items (~0.02 s)."""

    __slots__ = ()

    @property
    def name(self) -> str:
        return str(self)


@dataclass
class Site:
    """Everything loaded from content/, ready to check and render: one per build."""

    root: Path  # project root (the folder holding content/)
    config: SiteConfig
    columns: list[Column]
    items: list[Item]
    guide: Guide | None
    rules: list[Page]
    today: dt.date = field(default_factory=dt.date.today)  # the day the checks judge by
    # 索引号 read from the text of item files that could not be parsed (→ their path): a
    # reference to one of them is not a second mistake, the file's own error says it all.
    unreadable: dict[str, str] = field(default_factory=dict)
    _memo: dict[Key[Any], Any] = field(default_factory=dict, repr=False)
    _per_item: set[Key[Any]] = field(default_factory=set, repr=False)  # the memos kept by item (per_item)

    def leaf_columns(self) -> list[Column]:
        return [c for top in self.columns for c in top.walk() if c.is_leaf]

    def all_columns(self) -> list[Column]:
        return [c for top in self.columns for c in top.walk()]

    def memo(self, key: Key[T], compute: Callable[[], T]) -> T:
        """``compute()`` once per build: features keep what they load or derive here."""
        # One look-up, not two: ~100 000 calls a build at 10 000 items (each hashes its Key).
        value = self._memo.get(key, _MISSING)
        if value is _MISSING:
            value = self._memo[key] = compute()
        return value

    def get(self, key: Key[T], default: T) -> T:
        return self._memo.get(key, default)

    def put(self, key: Key[T], value: T) -> None:
        self._memo[key] = value

    def forget(self, key: Key[Any]) -> None:
        self._memo.pop(key, None)

    def per_item(self, key: Key[dict[str, T]], item: Item, compute: Callable[[Item], T]) -> T:
        """``compute(item)``, once per item and build, for values several features show."""
        memo = self.memo(key, dict)
        self._per_item.add(key)
        if item.rel not in memo:
            memo[item.rel] = compute(item)
        return memo[item.rel]

    def forget_item(self, item: Item) -> None:
        """Drop what ``per_item`` kept for ``item`` (the preview re-read its file)."""
        for key in self._per_item:
            self._memo[key].pop(item.rel, None)

    def item_by_index_no(self) -> dict[str, Item]:
        return {item.index_no: item for item in self.items if item.index_no}
