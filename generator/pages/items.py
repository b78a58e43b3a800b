"""Item pages: ``doc/<slug>/``, whatever the item's column, with the
metadata block (STANDARDS §4), the features' notices and the attachments."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any, TypeVar

from .. import buildcache, caches, diskmemo, identity
from ..docs_tree import ROUTING_KEYS, DocsTree, PageSpec
from ..feature import BuildContext
from ..model import Column, Item, Key, Site
from ..validity import Lifecycle, effective_validity, lifecycle
from .blocks import column_trail, made_notices, notices
from .env import Front, front_matter

T = TypeVar("T")
_VERSION: Key[str] = Key("core.item_page_version")
_ROUTINGS: Key[dict[str, dict[str, Any]]] = Key("core.item_routings")
_INPUTS: Key[dict[int, bytes]] = Key("core.item_inputs")  # id(item) → its page's inputs digest, this build
# id(item) → its record while the site is rendered (see _record), and the items whose
# record the memo did not hold (saved by keep_records).
_RECORDS: Key[dict[int, dict[str, Any]]] = Key("core.item_records")
_FRESH: Key[dict[int, bytes]] = Key("core.item_records_fresh")
_MADE: Key[dict[tuple[str, int], Any]] = Key("core.products_made")  # (kind, id(item)) → a value kept_apart need not read
# Item pages' front matter (with the features' head and tail: Open Graph, JSON-LD,
# search fields: most of an item page's render time) by URL, with the digest
# of its inputs: a preview edit recomputes it for the pages the edit touched.
# ``mkdocs build`` keeps none (see _kept_front).
_fronts: dict[str, tuple[bytes, Front]] = {}
caches.register(_fronts.clear)


def publisher_shown(site: Site, written: str) -> str:
    """The 发布机构 as written, with its canonical name when site.yml's publishers call it otherwise."""
    canonical = site.config.canonical_publisher(written)
    return written if canonical == written.strip() else f"{written}（{canonical}）"


def meta_rows(ctx: BuildContext, item: Item) -> list[tuple[str, str]]:
    """The metadata block, in gov.cn's order, skipping empty cells."""
    site: Site = ctx.site
    m = item.meta
    rows = [
        ("索引号", item.index_no or ""),
        ("主题分类", str(m.get("topic") or "").replace("\\", " / ")),
        ("发布机构", publisher_shown(site, str(m.get("publisher") or site.config.agency_name))),
        ("发文机关", str(m.get("issuer") or "")),
        ("成文日期", str(m.get("written") or "")),
        ("发布日期", str(m.get("published") or "")),
        ("文号", item.doc_no),
        ("体裁分类", str(m.get("genre") or "")),
        ("关键词", "、".join(item.keywords)),
        ("服务对象", str(m.get("audience") or "")),
        ("有效性", effective_validity(item, site)),
        ("施行日期", str(m.get("effective") or "")),
        ("废止日期", str(m.get("expires") or "")),
        ("标题", item.title),
    ]
    rows.extend(feature_rows(ctx, item))
    return [(label, value) for label, value in rows if value]


def feature_rows(ctx: BuildContext, item: Item) -> list[tuple[str, str]]:
    """The metadata rows the features add (policy links: they read other items)."""
    return [row for extra in ctx.features.each("item_meta_rows") for row in extra(ctx.site, item)]


def _front_values(ctx: BuildContext, item: Item, html: bool = True) -> dict[str, Any]:
    return dict(
        title=item.title,
        description=str(item.meta.get("summary") or "")[:120] or None,
        xxgk_kind="item",
        xxgk_index_no=item.index_no,
        xxgk_published=item.published_day or None,
        # No table of contents beside a document: its body and tables get the width.
        hide=["toc"],
        # One navigation, ours, in the desktop sidebar and the phone drawer
        # (overrides/main.html): item pages are 99 % of a site (page size, issue 11).
        xxgk_compact=True,
        **ctx.front("item", item, html),
    )


def _record(ctx: BuildContext, item: Item, inputs: bytes) -> dict[str, Any]:
    """The item's record: its page's routing values and what the site-wide products take from
    it (:func:`kept_product`), one memo look-up per item by the digest of the page's inputs
    (one per value cost ~0.25 s of a one-edit rebuild at 10 000 items). A record the memo did
    not hold is filled while the site is rendered and kept by :func:`keep_records`."""
    site = ctx.site
    record = diskmemo.get("record", inputs)
    if not isinstance(record, dict):
        record = {}
        site.memo(_FRESH, dict)[id(item)] = inputs
    site.memo(_RECORDS, dict)[id(item)] = record
    return record


def keep_records(site: Site) -> None:
    """After the site is rendered: keep the records made afresh, and drop every record."""
    for key, inputs in site.get(_FRESH, {}).items():
        diskmemo.put("record", inputs, site.get(_RECORDS, {})[key])
    site.forget(_FRESH)
    site.forget(_RECORDS)


def _routing(ctx: BuildContext, item: Item, record: dict[str, Any]) -> dict[str, Any]:
    """The front matter values the build reads before rendering the page
    (without the features' HTML), one shared dict per distinct set of values.
    They are a part of the front matter, so a function of the page's inputs:
    kept in the item's record (computing the features' values,
    the search fields among them, costs ~30 µs a page, on every build)."""
    routing, shown = record.get("routing"), record.get("routing#")
    if not isinstance(routing, dict) or not isinstance(shown, str):
        values = _front_values(ctx, item, html=False)
        routing = record["routing"] = {k: values[k] for k in ROUTING_KEYS if values.get(k) is not None}
        shown = record["routing#"] = repr(routing)  # kept too: a repr a page cost ~30 ms a build
    shared = ctx.site.memo(_ROUTINGS, dict)
    return shared.setdefault(shown, routing)


def site_version(ctx: BuildContext) -> str:
    """What every item page reads besides its own inputs: the code and templates,
    site.yml, the features, the day (validity) and the emblem (JSON-LD, Open Graph).
    A product kept by a digest across builds (``DocsTree.add_kept``) includes it."""
    site = ctx.site

    def compute() -> str:
        emblem = identity.images(site.root, site.config).get("emblem")
        memo_version = diskmemo.version(buildcache.site_code_version(site), site.root, [f.name for f in ctx.features])
        # The emblem's address, not its file's path: the pages show the one, and the other
        # would tie every page's key to where the project sits.
        return diskmemo.key(memo_version, site.today.isoformat(), emblem.url if emblem else "").hex()

    return site.memo(_VERSION, compute)


def page_inputs(ctx: BuildContext, item: Item, banners: list, extra_rows: list[tuple[str, str]]) -> bytes:
    """The digest of everything an item page shows. Other items reach it only
    through its notices, the features' metadata rows (policy links), its validity
    and the lifecycle (the documents it replaces, the one replacing it): a feature
    whose ``page_head``/``page_tail``/``page_front`` reads another item must add it here.
    The rest of the page (the trail, the core metadata rows) is a function of the
    item's file, its number, its column and site.yml (in ``site_version``): hashed by
    those, not computed for the 9 999 pages a one-edit rebuild does not render."""
    return _inputs(site_version(ctx), lifecycle(ctx.site), item, banners, extra_rows, _trail(item.column))


def _trail(column: Column | None) -> list[tuple[str, str]] | None:
    """The column's trail as an item page's inputs hold it."""
    return [(c.title, c.url) for c in column.trail] if column else None


def _inputs(
    version: str, life: Lifecycle, item: Item, banners: list, extra_rows: list[tuple[str, str]], trail: list[tuple[str, str]] | None
) -> bytes:
    """:func:`page_inputs`, with what is the same for every item given (``site_version``, the lifecycle)
    or for every item of its column (``trail``: :func:`_trail`)."""
    replaced = [old.url for old in life.replaces.get(id(item), [])]
    current = life.current_version(item)
    # The item's file by the digest of its bytes (Item.digest, with a memo): its metadata and
    # body are a function of them, and hashing each body again cost ~0.1 s a build.
    own = (item.digest,) if item.digest else (repr(item.meta), item.body)
    # One repr hashed once (repr separates the values): ~3 times cheaper than diskmemo.key's parts.
    values = (
        version,
        item.url,
        own,
        item.index_no or "",
        trail,
        life.validity.get(id(item), ""),  # effective_validity
        extra_rows,
        [(n.kind, n.html) for n in banners],
        [(a.file, a.title, a.kind, a.size) for a in item.attachments],
        replaced,
        (current.title, current.url) if current is not None else None,
    )
    return diskmemo.key(repr(values))


def prepare(ctx: BuildContext) -> None:
    """Every item's page inputs (:func:`page_inputs`) and record (:func:`_record`), before any
    page is written: the listings keep what they show of an item in its record
    (``listing.prepare``). One loop, with what every item shares looked up once (~40 µs an
    item: 0.4 s at 10 000 items, on every build)."""
    site = ctx.site
    version, life = site_version(ctx), lifecycle(site)
    known = site.memo(_INPUTS, dict)
    trails: dict[int, list[tuple[str, str]] | None] = {}  # id(column) → _trail: ~1.5 µs an item
    for item in site.items:
        if id(item) not in known:
            column = id(item.column)
            if column not in trails:
                trails[column] = _trail(item.column)
            inputs = known[id(item)] = _inputs(version, life, item, notices(ctx, item), feature_rows(ctx, item), trails[column])
            _record(ctx, item, inputs)


def item_record(ctx: BuildContext, item: Item) -> dict[str, Any]:
    """The item's record (:func:`_record`), its page's inputs known (:func:`prepare`)."""
    record = ctx.site.get(_RECORDS, {}).get(id(item))
    if record is None:
        inputs = page_inputs(ctx, item, notices(ctx, item), feature_rows(ctx, item))
        ctx.site.memo(_INPUTS, dict)[id(item)] = inputs
        record = _record(ctx, item, inputs)
    return record


def forget(site: Site, item: Item) -> None:
    """``item`` changed in place (a preview's fast render): its page's inputs and record are
    made again, not taken from the build that made them for its earlier text."""
    for key in (_RECORDS, _INPUTS):
        site.get(key, {}).pop(id(item), None)
    made_notices(site).pop(id(item), None)  # its banners read its dates (the date it lapsed)


def page_digest(site: Site, item: Item) -> bytes | None:
    """The digest of the item page's inputs (:func:`page_inputs`), or None before it is known:
    what every product :func:`kept_product` keeps is a function of it."""
    return site.get(_INPUTS, {}).get(id(item))


def page_digests(site: Site) -> dict[int, bytes]:
    """:func:`page_digest` of every item whose page was written, by ``id(item)``."""
    return site.get(_INPUTS, {})


def kept_product(site: Site, item: Item, kind: str, make: Callable[[], T]) -> T:
    """``make()``, what the site-wide product ``kind`` takes from ``item`` (its per-item
    JSON, catalogue row, exact-lookup rows), kept in the build's memo by the digest of the
    item's page inputs: a rebuild after one edit makes it again only for the items whose
    page changed (~1 s of the 10 000 items' products). So ``make`` must read nothing of
    the site that :func:`page_inputs` does not cover (the item's file, its column, its
    number, its metadata rows, notices and lifecycle; the code, site.yml and the day).
    Its value must be plain data (``diskmemo``). While the site is rendered it is kept in the
    item's record (:func:`_record`); after, on its own. Made as usual when the page's inputs
    are not known (before the item pages, or without a memo)."""
    record = site.get(_RECORDS, {}).get(id(item))
    if record is not None:
        if kind not in record:
            record[kind] = make()
        return record[kind]
    return kept_apart(site, item, kind, make)


def kept_apart(site: Site, item: Item, kind: str, make: Callable[[], T]) -> T:
    """:func:`kept_product`, kept on its own (not in the item's record, which every build
    reads): for a value read only when a product that shows it is made again."""
    made = site.get(_MADE, {}).pop((kind, id(item)), None)  # by kept_digest, this build
    if made is not None:
        return made
    inputs = page_digest(site, item) if diskmemo.active() else None
    if inputs is None:
        return make()
    digest = diskmemo.key(kind, inputs)
    kept = diskmemo.get("product", digest)
    if kept is not None:
        return kept
    value = make()
    diskmemo.put("product", digest, value)
    return value


def kept_digest(site: Site, item: Item, kind: str, make: Callable[[], Any]) -> bytes:
    """A digest of :func:`kept_apart`'s value, kept in the item's record: what names a
    product that shows the value (``DocsTree.add_kept``), so the value itself is read only
    when that product is made again (a catalogue row read by every build cost ~0.1 s)."""

    def digest() -> bytes:
        value = kept_apart(site, item, kind, make)
        site.memo(_MADE, dict)[kind, id(item)] = value  # made or read now: not read again
        return diskmemo.key(repr(value))

    return kept_product(site, item, f"{kind}#", digest)


def _kept_front(ctx: BuildContext, item: Item, inputs: bytes) -> Front:
    """The page's front matter; a preview keeps it while its inputs do not change."""
    kept = _fronts.get(item.url)
    if kept is not None and kept[0] == inputs:
        return kept[1]
    front = front_matter(**_front_values(ctx, item))
    # A build renders each page once, after MkDocs (fill.py), and an unchanged
    # page is linked from the published site without it: keeping every front
    # would hold ~3 KB per item to the end (400 MB at 100 000 items, issue 11).
    if caches.kept_between_builds():
        _fronts[item.url] = (inputs, front)
    return front


def _parts(ctx: BuildContext, item: Item) -> tuple[list[tuple[str, str]], list, list[tuple[str, str]]]:
    """The trail, notices and metadata rows of the page."""
    return column_trail(item.column) + [(item.title, item.url)], notices(ctx, item), meta_rows(ctx, item)


def _context(ctx: BuildContext, item: Item, inputs: bytes) -> dict[str, Any]:
    trail, banners, rows = _parts(ctx, item)
    front = _kept_front(ctx, item, inputs)
    return {"front": front, "trail": trail, "item": item, "meta_rows": rows, "notices": banners}


def write_item(ctx: BuildContext, item: Item, tree: DocsTree) -> None:
    record = item_record(ctx, item)
    inputs = ctx.site.get(_INPUTS, {})[id(item)]
    # The digest stands for every value the template reads (PageSpec.key); the
    # variables are computed when the page is rendered, and dropped after.
    key = (inputs.hex(),)
    routing = _routing(ctx, item, record)
    tree.page(PageSpec(item.url, "item.md.j2", key, functools.partial(_context, ctx, item, inputs), routing))
    for attachment in item.attachments:
        if attachment.size is not None:
            tree.copy(f"{item.url}{attachment.file}", attachment.path)
