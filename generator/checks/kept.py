"""A check across files whose result is kept in the build's memo under a digest of
exactly what it reads (issue 11: a one-edit rebuild at 10 000 items re-ran the 索引号
check over every item, ~0.15 s, for the same answer).

Each kept check declares its inputs in one place, its ``inputs`` function: the code,
the schemas and ``site.yml`` are covered by the memo's version; an item is covered by
its path (and so its column) and the digest of its front matter (every value and
the line of every key). A result is not kept when a check says it may not be (a git command failed:
the next build must try again)."""

from __future__ import annotations

from collections.abc import Callable

from .. import diskmemo
from ..diagnostics import Problem, Problems
from ..model import Item


def item_heads(items: list[Item]) -> list[str | bytes] | None:
    """The items in their order, by their paths and front matter (its digest covers the data
    and the line of every key, not the body: an edit of the text leaves it); None when one
    has no digest (no memo)."""
    heads = [item.head for item in items]
    return ["\0".join(item.rel for item in items), b"".join(heads)] if all(heads) else None


def kept_problems(name: str, inputs: Callable[[], list[str | bytes] | None], check: Callable[[], tuple[Problems, bool]]) -> Problems:
    """``check()`` → (problems, whether they may be kept), or its earlier result for the same ``inputs()``
    (None: inputs that cannot be told, e.g. an item without a digest: the check runs)."""
    parts = inputs() if diskmemo.active() else None
    digest = diskmemo.key(name, *parts) if parts is not None else b""
    kept = diskmemo.get("checks", digest) if digest else None
    if kept is not None:
        return Problems([Problem.from_plain(fields) for fields in kept])
    problems, keep = check()
    if digest and keep:
        diskmemo.put("checks", digest, tuple(p.plain() for p in problems.items))
    return problems
