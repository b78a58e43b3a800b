"""Relations between items, derived once per site: which interpretation
interprets which policy, on top of the core's validity and replacements
(``generator/validity.py``). Checks, item pages, listings and the inspection
all read this one index, so every rule about these relations lives here once.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, fields

from .. import workdays
from ..model import Column, Item, Key, Site
from ..validity import EXPIRED, REPEALED, VALID, VALIDITIES, Lifecycle, lifecycle

__all__ = [
    "EXPIRED",
    "REPEALED",
    "VALID",
    "VALIDITIES",
    "PolicyLinks",
    "policy_links",
    "interprets",
    "interpretation_column",
    "is_normative",
    "book_title",
]

INTERPRETATION_DAYS = 3  # working days (国办发〔2016〕19号, STANDARDS §5)
# Columns holding 行政规范性文件: each one needs an interpretation (STANDARDS §5).
NORMATIVE_COLUMN_IDS = ("gfxwj",)
NORMATIVE_COLUMN_TITLES = ("行政规范性文件",)


def interprets(item: Item) -> list[str]:
    """The 索引号 an interpretation names in ``interprets`` (string or list)."""
    value = item.meta.get("interprets")
    if isinstance(value, str):
        return [value.strip()] if value.strip() else []
    if isinstance(value, list):
        return [str(v).strip() for v in value if str(v).strip()]
    return []


def interpretation_column(site: Site) -> Column | None:
    """The sub-column holding this site's 政策解读: the one whose items interpret most,
    else the one titled 政策解读 (or with 解读 in its title), else the default id."""
    leaves = site.leaf_columns()
    counts = {id(c): sum(1 for i in c.items if interprets(i)) for c in leaves}
    busiest = max(leaves, key=lambda c: counts[id(c)], default=None)
    if busiest is not None and counts[id(busiest)]:
        return busiest
    return next((c for c in leaves if c.title == "政策解读"), None) or next(
        (c for c in leaves if "解读" in c.title or c.id == "zcjd"), None
    )


def is_normative(item: Item) -> bool:
    """A 行政规范性文件, known by the sub-column it sits in."""
    column = item.column
    return bool(column) and (column.id in NORMATIVE_COLUMN_IDS or column.title in NORMATIVE_COLUMN_TITLES)


@dataclass
class PolicyLinks(Lifecycle):
    """The core's validity and replacements, plus who interprets whom."""

    interpretations: dict[int, list[Item]] = field(default_factory=dict)  # id(policy) → interpretations
    interpreted: dict[int, list[Item]] = field(default_factory=dict)  # id(interpretation) → policies
    missing_targets: list[tuple[Item, int, str]] = field(default_factory=list)  # (interpretation, position, 索引号)

    def deadline(self, policy: Item) -> dt.date | None:
        """Last day an interpretation of ``policy`` is on time (3 working days after it)."""
        return workdays.add_workdays(policy.published, INTERPRETATION_DAYS) if policy.published else None


_LINKS: Key[dict[dt.date, PolicyLinks]] = Key("policy.links")


def policy_links(site: Site, today: dt.date | None = None) -> PolicyLinks:
    """The relations of ``site``; computed once per site and day (linear in items)."""
    day = today or site.today
    per_day = site.memo(_LINKS, dict)
    if day in per_day:
        return per_day[day]
    life = lifecycle(site, day)
    links = PolicyLinks(**{f.name: getattr(life, f.name) for f in fields(Lifecycle)})
    for item in site.items:
        for position, number in enumerate(interprets(item)):
            policy = life.by_no.get(number)
            if policy is None or policy is item:
                links.missing_targets.append((item, position, number))
                continue
            links.interpreted.setdefault(id(item), []).append(policy)
            links.interpretations.setdefault(id(policy), []).append(item)
    for group in links.interpretations.values():
        group.sort(key=lambda i: (i.published or dt.date.max, i.rel))
    per_day[day] = links
    return links


def book_title(title: str) -> str:
    """《title》, with 《》 inside the title turned into 〈〉 as Chinese usage nests them."""
    return "《" + title.replace("《", "〈").replace("》", "〉") + "》"
