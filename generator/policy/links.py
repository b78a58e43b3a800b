"""Relations between items, derived once per site: which interpretation
interprets which policy, which document replaces which, and each document's
有效性. Checks, item pages, listings and the inspection all read this one
index, so every rule about these relations lives here once.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from .. import workdays
from ..model import Item, Site

VALID, EXPIRED, REPEALED = "有效", "失效", "废止"
VALIDITIES = (VALID, EXPIRED, REPEALED)
INTERPRETATION_DAYS = 3  # working days (国办发〔2016〕19号, STANDARDS §5)
# Columns holding 行政规范性文件: each one needs an interpretation (STANDARDS §5).
NORMATIVE_COLUMN_IDS = ("gfxwj",)
NORMATIVE_COLUMN_TITLES = ("行政规范性文件",)
_LIFECYCLE_KEYS = ("validity", "effective", "expires", "superseded_by")


def _today(site: Site, today: dt.date | None) -> dt.date:
    return today or site.extras.get("today") or dt.date.today()


def interprets(item: Item) -> list[str]:
    """The 索引号 an interpretation names in ``interprets`` (string or list)."""
    value = item.meta.get("interprets")
    if isinstance(value, str):
        return [value.strip()] if value.strip() else []
    if isinstance(value, list):
        return [str(v).strip() for v in value if str(v).strip()]
    return []


def is_normative(item: Item) -> bool:
    """A 行政规范性文件, known by the sub-column it sits in."""
    column = item.column
    return bool(column) and (column.id in NORMATIVE_COLUMN_IDS or column.title in NORMATIVE_COLUMN_TITLES)


def _stated_or_dated_validity(item: Item, today: dt.date) -> str:
    stated = item.meta.get("validity")
    if isinstance(stated, str) and stated in VALIDITIES:
        return stated
    expires = item.date("expires")
    if expires and expires <= today:
        return EXPIRED
    return ""


def effective_validity(item: Item, site: Site, today: dt.date | None = None) -> str:
    """有效性 as stated, else derived; "" for items the lifecycle does not apply to.

    Derived: an ``expires`` date on or before today means 失效; a document
    whose replacement (``superseded_by``) has taken effect is 废止; any other
    document carrying a lifecycle key is 有效. The one implementation: pages,
    listings, catalogues and checks all call this.
    """
    links = policy_links(site)  # as of the site's "today", computed once
    if today is None or today == links.today:
        return links.validity.get(id(item), "")
    return _derive(item, links.by_no, today)  # another day: this item only, cache kept


def _derive(item: Item, by_no: dict[str, Item], today: dt.date) -> str:
    known = _stated_or_dated_validity(item, today)
    if known:
        return known
    replacement = by_no.get(str(item.meta.get("superseded_by") or ""))
    if replacement is not None and replacement is not item:
        start = replacement.date("effective") or replacement.published
        if start and start <= today:
            return REPEALED
    return VALID if any(k in item.meta for k in _LIFECYCLE_KEYS) else ""


@dataclass
class PolicyLinks:
    """The derived relations of one site, as of one day."""

    today: dt.date
    by_no: dict[str, Item]
    interpretations: dict[int, list[Item]] = field(default_factory=dict)  # id(policy) → interpretations
    interpreted: dict[int, list[Item]] = field(default_factory=dict)  # id(interpretation) → policies
    missing_targets: list[tuple[Item, int, str]] = field(default_factory=list)  # (interpretation, position, 索引号)
    replaces: dict[int, list[Item]] = field(default_factory=dict)  # id(new) → documents it replaces
    validity: dict[int, str] = field(default_factory=dict)  # id(item) → effective validity
    count: int = 0  # items indexed, so a site that gained items is indexed again

    def replacement(self, item: Item) -> Item | None:
        target = self.by_no.get(str(item.meta.get("superseded_by") or ""))
        return target if target is not item else None

    def current_version(self, item: Item) -> Item | None:
        """The end of ``item``'s supersession chain (None without one, or in a cycle)."""
        seen = {id(item)}
        current = self.replacement(item)
        while current is not None:
            if id(current) in seen:
                return None
            seen.add(id(current))
            after = self.replacement(current)
            if after is None:
                return current
            current = after
        return None

    def ended_on(self, item: Item) -> dt.date | None:
        """When the document stopped being in force: 废止日期, else its replacement's 施行日期."""
        if item.date("expires"):
            return item.date("expires")
        replacement = self.replacement(item)
        return (replacement.date("effective") or replacement.published) if replacement else None

    def deadline(self, policy: Item) -> dt.date | None:
        """Last day an interpretation of ``policy`` is on time (3 working days after it)."""
        return workdays.add_workdays(policy.published, INTERPRETATION_DAYS) if policy.published else None


def policy_links(site: Site, today: dt.date | None = None) -> PolicyLinks:
    """The relations of ``site``; computed once per site and day (linear in items)."""
    day = _today(site, today)
    cached = site.extras.get("policy_links")
    if isinstance(cached, PolicyLinks) and cached.today == day and cached.count == len(site.items):
        return cached
    by_no = site.item_by_index_no()
    links = PolicyLinks(today=day, by_no=by_no, count=len(site.items))
    for item in site.items:
        for position, number in enumerate(interprets(item)):
            policy = by_no.get(number)
            if policy is None or policy is item:
                links.missing_targets.append((item, position, number))
                continue
            links.interpreted.setdefault(id(item), []).append(policy)
            links.interpretations.setdefault(id(policy), []).append(item)
        replacement = links.replacement(item)
        if replacement is not None:
            links.replaces.setdefault(id(replacement), []).append(item)
        links.validity[id(item)] = _derive(item, by_no, day)
    for group in links.interpretations.values():
        group.sort(key=lambda i: (i.published or dt.date.max, i.rel))
    site.extras["policy_links"] = links
    return links


def book_title(title: str) -> str:
    """《title》, with 《》 inside the title turned into 〈〉 as Chinese usage nests them."""
    return "《" + title.replace("《", "〈").replace("》", "〉") + "》"
