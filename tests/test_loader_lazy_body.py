"""A build (not a preview) takes an unchanged item's body from the build's memo only when it is
asked for (``loader.read_markdown``'s ``lazy_body``, ``Item.body``): what it reads is the file's
body, as a cold load reads it, also after an edit, and also once the memo is closed."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from conftest import make_project

from generator import caches, diskmemo
from generator.loader import load_site
from generator.model import Item
from generator.sources import load_markdown

ITEM = "content/items/tjxx/2021-00005-2020-nongye-shengchan-qingkuang.md"


@pytest.fixture
def build_mode():
    """As ``mkdocs build`` runs: nothing is kept in the process between builds."""
    caches.reset()
    caches.keep_between_builds(False)
    yield
    caches.keep_between_builds(True)
    caches.reset()


def _load(project: Path, save: bool = True, dead: int = 0) -> list[Item]:
    """The items as a build loads them; ``dead``: bytes of a record the next build will not use
    (its save then keeps only what it used or kept, in a new file)."""
    diskmemo.open_memo(project / "build" / "cache", "test", project)
    site, _, _ = load_site(project)
    if dead:
        diskmemo.put("source", diskmemo.key("unused"), "x" * dead)
    if save:
        diskmemo.save()
    return site.items


def _bodies(items: list[Item]) -> dict[str, str]:
    return {item.rel: item.body for item in items}


def _on_disk(project: Path, items: list[Item]) -> dict[str, str]:
    return {item.rel: load_markdown(project / item.rel).body for item in items}


def test_an_unchanged_items_body_is_read_from_the_memo_when_asked(tmp_path: Path, build_mode: None) -> None:
    project = make_project(tmp_path / "project")
    time.sleep(2.2)  # settled files are kept by their identity (loader.SETTLED_NS), as on a real site
    first = _load(project, dead=10_000_000)
    assert all(isinstance(item.text, str) for item in first)  # parsed now: held as read
    again = _load(project, save=False)
    try:
        lazy = [item for item in again if not isinstance(item.text, str)]
        assert len(lazy) == len(again)  # every body left in the memo until asked for
        asked = next(item for item in again if item.rel == ITEM)
        assert asked.body == load_markdown(project / ITEM).body
    finally:
        diskmemo.save()
    # The bodies stay in the memo for the next build, though this one read one of them only
    # (its save copied what it used and kept into a new file, and dropped the rest).
    third = _load(project, save=False)
    try:
        assert [diskmemo.get("text", item.body_key) for item in third] == list(_on_disk(project, third).values())
        assert _bodies(third) == _on_disk(project, third)
    finally:
        diskmemo.save()


def test_an_edited_body_is_read_as_it_is_now(tmp_path: Path, build_mode: None) -> None:
    project = make_project(tmp_path / "project")
    time.sleep(2.2)
    _load(project)
    path = project / ITEM
    path.write_text(path.read_text(encoding="utf-8") + "\n新增一段正文。\n", encoding="utf-8")
    items = _load(project)  # the memo is closed now: a body asked for later is read from its file
    assert {item.rel for item in items if not isinstance(item.text, str)}  # the unchanged ones
    bodies = _bodies(items)
    assert bodies == _on_disk(project, items)
    assert bodies[ITEM].endswith("新增一段正文。\n")
