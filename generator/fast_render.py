"""The preview's fast render (``mkdocs serve``), as Hugo's fast render mode:
when an edit changes item files only, and each still parses, keeps its URL and
passes its own checks, its page is rendered at once from the last good
build's model (the item re-read into it) into the compiled shell of its page
context and written into the served folder. The adapter then makes the
browser reload and runs the full rebuild behind it (every check across files,
listings, catalogues, the search page), which reloads the browser again, or
shows the error page when a check across files fails.

An edit the item's own checks refuse (a YAML mistake, a date that does not
exist, a key the schema does not know, a script address in its body) shows the error page at once instead:
the full rebuild then lists every problem of the site, as before.

Why first the edited page, not only a cheaper full rebuild: at 10 000 items
a rebuild is ~6 s, most of it site-wide products and MkDocs's handling of the
~14 500 files of the docs folder; the page the editor looks at is the item
they saved, and it reads nothing an edit of another file changes.
"""

from __future__ import annotations

import dataclasses
import os
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .checks.items import check_item
from .checks.markup import check_fields, item_field
from .diagnostics import Problems
from .docs_tree import DocsTree, replace_bytes
from .feature import BuildContext
from .fill import Engine, Plan, page_parts
from .loader import item_fields, item_meta, read_markdown
from .model import Item
from .pages.items import forget, write_item
from .shell import Shell
from .sources import SourceError


@dataclass
class Outcome:
    """A fast render: the pages written, or the errors of the edited files (then nothing is written)."""

    urls: list[str] = field(default_factory=list)
    pages: dict[str, bytes] = field(default_factory=dict)  # URL → the page written (the preview serves it while a rebuild runs)
    problems: Problems = field(default_factory=Problems)
    files: set[str] = field(default_factory=set)  # the edited items' files, as problems name them


@dataclass
class Served:
    """What the last good preview build leaves for fast renders."""

    ctx: BuildContext
    engine: Engine
    site_dir: Path
    shells: dict[str, Shell]  # item URL → the compiled shell of its page
    by_source: dict[str, Item] = field(default_factory=dict)  # absolute path of an item's file → the item

    @classmethod
    def of(cls, ctx: BuildContext, plan: Plan, engine: Engine, site_dir: Path) -> Served:
        items = {item.url: item for item in ctx.site.items}
        shells = {spec.url: plan.compiled[shell.url] for spec, shell in plan.pages if spec.url in items}
        by_source = {os.path.abspath(item.path): item for item in items.values() if item.url in shells}
        return cls(ctx, engine, site_dir, shells, by_source)


def _ignored(path: str) -> bool:
    """An editor's scratch file (``.a.md.swp``, ``a.md~``) that is gone or no content file: no reason for a full rebuild alone."""
    name = os.path.basename(path)
    return name.startswith(".") or name.endswith("~") or not os.path.exists(path)


def _reread(served: Served, item: Item, problems: Problems) -> dict[str, Any] | None:
    """What the item's file now says (``loader.item_fields``), or None when the edit
    is not for a fast render (its errors, if any, are added to ``problems``)."""
    try:
        source = read_markdown(item.source)
    except SourceError as exc:
        problems.add(exc.problem(item.rel))
        return None
    except OSError:  # gone, or unreadable: the full rebuild says what happened
        return None
    meta = item_meta(source)
    if meta is None:
        return None
    fields = item_fields(source, meta, item.source)
    fresh = dataclasses.replace(item, **fields)
    own = check_item(fresh, served.ctx)
    own.extend(check_fields([item_field(fresh)], served.ctx.site.config.allowed_hosts))  # e.g. a script's address
    if own.errors:
        problems.extend(own.errors)
        return None
    # A changed slug or 索引号 moves the page (and every link to it): the full rebuild does that.
    return fields if fresh.url == item.url and fresh.index_no == item.index_no else None


def render(served: Served, changed: Iterable[str], shown: Iterable[str] = ()) -> Outcome | None:
    """Write the pages of the changed item files, or find their errors; None
    (nothing written) when any change is not for a fast render: another file,
    a new or removed item, a moved page, or an edit that leaves a file of the
    errors ``shown`` (the error page's) unedited."""
    outcome = Outcome()
    edits: list[tuple[Item, dict[str, Any]]] = []
    for path in sorted({os.path.abspath(path) for path in changed}):
        item = served.by_source.get(path)
        if item is None:
            if _ignored(path):
                continue
            return None
        outcome.files.add(item.rel)
        fields = _reread(served, item, outcome.problems)
        if fields is not None:
            edits.append((item, fields))
        elif not outcome.problems.errors:
            return None
    if not set(shown) <= outcome.files:
        return None
    if outcome.problems.errors:
        return outcome
    for item, fields in edits:
        # In place: the model's maps by identity (lifecycle, policy links) keep finding it.
        for name, value in fields.items():
            setattr(item, name, value)
        served.ctx.site.forget_item(item)
        forget(served.ctx.site, item)
        tree = DocsTree()
        write_item(served.ctx, item, tree)
        spec = tree.pages[item.url]
        html = served.shells[item.url].fill(page_parts(spec.url, spec.template, spec.variables(), served.engine))
        # Renamed over the old page: the server may be reading it.
        page = outcome.pages[item.url] = html.encode("utf-8")
        replace_bytes(served.site_dir / item.url / "index.html", page)
        outcome.urls.append(item.url)
    return outcome if outcome.urls else None
