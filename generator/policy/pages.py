"""What readers see of interpretations and validity: banners and two-way
links under an item's title, a 解读形式 row, and per-validity views of the
policy listings (``<column>/yxx/<youxiao|shixiao|feizhi>/``)."""

from __future__ import annotations

import re
from collections import Counter

from markupsafe import Markup, escape

from ..docs_tree import DocsTree
from ..feature import BuildContext
from ..model import Column, Item, Key, Site
from ..pages.blocks import ChipGroup, Notice, column_trail
from ..pages.env import cn_date, link
from ..pages.listing import paginate, write_listing
from ..validity import start
from .links import EXPIRED, REPEALED, VALID, VALIDITIES, PolicyLinks, book_title, policy_links

VALIDITY_SLUGS = {"有效": "youxiao", "失效": "shixiao", "废止": "feizhi"}
VIEW_DIR = "yxx"  # 有效性
_YEAR_VIEW = re.compile(r"^[0-9]{4}/")  # a column's per-year listing, relative to the column
_COUNTS: Key[dict[str, Counter[str]]] = Key("policy.validity-counts")
_NOTED: Key[dict[object, set[int]]] = Key("policy.noted")  # per day: id(item) of the items that may show a notice


def _noted(site: Site) -> set[int]:
    """The items :func:`notices` may say something of (a superset):
    most items have none, and looking each one up in every relation cost ~0.1 s a build at
    10 000 items."""

    per_day = site.memo(_NOTED, dict)
    noted = per_day.get(site.today)
    if noted is None:
        links = policy_links(site)  # of site.today, as the notices
        noted = {key for key, validity in links.validity.items() if validity in (EXPIRED, REPEALED)}
        for relation in (links.replaces, links.interpretations, links.interpreted, links.repeals, links.amends, links.amended_by):
            noted.update(relation)
        per_day[site.today] = noted
    return noted


# The commonest banners are joined with f-strings: escape() is what Markup.format does to a
# plain string (a Markup is kept as it is), and Markup.format cost ~15 µs a call.
def _ref(from_url: str, item: Item) -> Markup:
    return Markup(f'<a href="{escape(link(from_url, item.url))}">{escape(book_title(item.title))}</a>')


def _join(parts: list[Markup]) -> Markup:
    return Markup("、").join(parts)


def notices(site: Site, item: Item) -> list[Notice]:
    """The item's banners: its validity, what it replaces, its interpretations, then 废止 and
    修改 (:func:`_relation_notices`). One function, so the ~90 % of items with none are
    turned away by one lookup in :func:`_noted`."""
    if id(item) not in _noted(site):
        return []
    links = policy_links(site)
    return _lifecycle_notices(links, item) + _relation_notices(links, item)


def _lifecycle_notices(links: PolicyLinks, item: Item) -> list[Notice]:
    here = item.url
    out: list[Notice] = []
    validity = links.validity.get(id(item), "")
    if validity in (EXPIRED, REPEALED):
        ended = links.ended_on(item)
        text = Markup("本文件") + (Markup("已于 {}{}").format(cn_date(ended.isoformat()), validity) if ended else Markup("已") + validity)
        replacement, current = links.replacement(item), links.current_version(item)
        # "现行文件" only names a document still in force at the end of the chain.
        in_force = current is not None and links.validity.get(id(current)) in (VALID, "")
        if replacement is not None and in_force and current is replacement:
            text += Markup("，现行文件见{}").format(_ref(here, replacement))
        elif replacement is not None and in_force:
            text += Markup("，由{}替代；现行文件见{}").format(_ref(here, replacement), _ref(here, current))
        elif replacement is not None:
            text += Markup("，由{}替代").format(_ref(here, replacement))
        elif (repealer := links.repealed_by.get(id(item))) is not None:
            text += Markup("，见{}").format(_ref(here, repealer))
        out.append(Notice("warning", Markup('<strong class="xxgk-validity-banner">{}。</strong>').format(text)))
    replaced = links.replaces.get(id(item), [])
    if replaced:
        refs = [
            _ref(here, old) + (Markup(f"（{escape(cn_date(d.isoformat()))}{escape(links.validity.get(id(old)) or REPEALED)}）") if (d := links.ended_on(old)) else "")
            for old in replaced
        ]
        out.append(Notice("info", Markup(f"本文件替代{_join(refs)}。")))
    interpretations = links.interpretations.get(id(item), [])
    if interpretations:
        refs = [_ref(here, i) + (Markup(f"（{escape(i.meta['form'])}）") if i.meta.get("form") else "") for i in interpretations]
        out.append(Notice("link", Markup(f'<span class="xxgk-notice__label">政策解读：</span>{_join(refs)}')))
    policies = links.interpreted.get(id(item), [])
    if policies:
        refs = [_ref(here, p) for p in policies]
        out.append(Notice("link", Markup(f'<span class="xxgk-notice__label">解读文件：</span>{_join(refs)}')))
    return out


def _relation_notices(links: PolicyLinks, item: Item) -> list[Notice]:
    """废止 and 修改 between documents (``repeals``, ``amends``), shown on both of them."""
    here = item.url
    out: list[Notice] = []
    if repealed := links.repeals.get(id(item)):
        out.append(Notice("info", Markup("本文件废止{}。").format(_join([_ref(here, old) for old in repealed]))))
    if amended := links.amends.get(id(item)):
        out.append(Notice("info", Markup("本文件修改{}。").format(_join([_ref(here, old) for old in amended]))))
    if amending := links.amended_by.get(id(item)):
        refs = [_ref(here, new) + (Markup("（{}）").format(cn_date(d.isoformat())) if (d := start(new)) else "") for new in amending]
        out.append(Notice("info", Markup("本文件已由{}修改，阅读时请一并参照。").format(_join(refs))))
    return out


def meta_rows(site: Site, item: Item) -> list[tuple[str, str]]:
    form = item.meta.get("form")
    return [("解读形式", form)] if isinstance(form, str) and item.meta.get("interprets") else []


def _validity_counts(site: Site) -> dict[str, Counter[str]]:
    """Per column path: how many of its items (descendants included) have each validity."""
    return site.memo(_COUNTS, lambda: _count_validities(site))


def _count_validities(site: Site) -> dict[str, Counter[str]]:
    links = policy_links(site)
    out = {}
    for column in site.all_columns():
        counts = Counter(links.validity.get(id(i), "") for i in column.all_items())
        counts.pop("", None)
        if counts:
            out[column.path] = counts
    return out


def _view_url(column: Column, validity: str) -> str:
    return f"{column.url}{VIEW_DIR}/{VALIDITY_SLUGS[validity]}/"


def chips(site: Site, column: Column | None, url: str, current: str | None = None) -> list[ChipGroup]:
    """按有效性筛选 on a column's listing and its validity views. The counts are the
    column's (every year): a year view (``<column>/2024/``) lists fewer documents,
    so it shows no validity chips rather than counts that disagree with its list."""
    counts = _validity_counts(site).get(column.path) if column else None
    if not counts or column is None or _YEAR_VIEW.match(url.removeprefix(column.url)):
        return []
    row: list[tuple[str, str | None, int | None]] = [("全部有效性", column.url, len(column.all_items()))]
    row += [(v, None if v == current else _view_url(column, v), counts[v]) for v in VALIDITIES if counts.get(v)]
    return [ChipGroup("按有效性筛选", row)]


def write_views(ctx: BuildContext, tree: DocsTree) -> None:
    """One paginated listing per validity present in a column (linear: one pass per column)."""
    site = ctx.site
    counts = _validity_counts(site)
    links = policy_links(site)
    for column in site.all_columns():
        if column.path not in counts:
            continue
        for validity in VALIDITIES:
            if not counts[column.path].get(validity):
                continue
            selected = [i for i in column.all_items() if links.validity.get(id(i)) == validity]
            base = _view_url(column, validity)
            heading = f"{column.title}（{validity}）"
            trail = [*column_trail(column), (validity, base)]
            for piece in paginate(base, selected, site.config.per_page):
                write_listing(tree, piece, heading, trail, chips(site, column, piece.url, validity), site=site, column=column)
