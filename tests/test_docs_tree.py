"""Syncing the generated docs tree: only changed files are written (so
``mkdocs serve --dirty`` rebuilds only what an edit touched), and files that
are no longer produced disappear with their folders."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from generator.docs_tree import DocsTree, OutsideTree


def _tree(pages: dict[str, str], copies: dict[str, Path] | None = None) -> DocsTree:
    tree = DocsTree()
    for rel, text in pages.items():
        tree.add(rel, text)
    for rel, source in (copies or {}).items():
        tree.copy(rel, source)
    return tree


def _age(path: Path) -> None:
    os.utime(path, ns=(1_000_000_000, 1_000_000_000))


def test_only_changed_files_are_rewritten(tmp_path: Path) -> None:
    docs = tmp_path / "docs"
    attachment = tmp_path / "a.pdf"
    attachment.write_bytes(b"%PDF")
    pages = {"index.md": "首页", "doc/a/index.md": "甲", "doc/b/index.md": "乙"}
    stats = _tree(pages, {"doc/a/a.pdf": attachment}).sync(docs)
    assert (stats.written, stats.copied) == (3, 1)
    for rel in pages:
        _age(docs / rel)

    stats = _tree({**pages, "doc/b/index.md": "乙（修改）"}, {"doc/a/a.pdf": attachment}).sync(docs)

    assert (stats.written, stats.copied, stats.unchanged, stats.removed) == (1, 0, 3, 0)
    assert (docs / "doc/b/index.md").read_text(encoding="utf-8") == "乙（修改）"
    assert (docs / "doc/a/index.md").stat().st_mtime_ns == 1_000_000_000  # untouched
    assert (docs / "index.md").stat().st_mtime_ns == 1_000_000_000


def test_file_deleted_behind_our_back_is_written_again(tmp_path: Path) -> None:
    docs = tmp_path / "docs"
    pages = {"doc/a/index.md": "甲"}
    _tree(pages).sync(docs)
    (docs / "doc/a/index.md").unlink()
    assert _tree(pages).sync(docs).written == 1
    assert (docs / "doc/a/index.md").read_text(encoding="utf-8") == "甲"


def test_stale_files_and_empty_folders_are_removed(tmp_path: Path) -> None:
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / ".gitkeep").write_text("")
    (docs / "old" / "deep").mkdir(parents=True)
    (docs / "old" / "deep" / "index.md").write_text("stale")
    _tree({"doc/a/index.md": "甲", "doc/b/index.md": "乙"}).sync(docs)

    stats = _tree({"doc/a/index.md": "甲"}).sync(docs)

    assert stats.removed == 1
    # .xxgk-synced is the sync's own record of what it left (docs_tree.SYNCED); MkDocs skips dotfiles
    assert sorted(p.relative_to(docs).as_posix() for p in docs.rglob("*")) == [".gitkeep", ".xxgk-synced", "doc", "doc/a", "doc/a/index.md"]


@pytest.mark.parametrize("rel", ["../outside.md", "doc/../../outside.md", "/etc/passwd", "doc\\..\\..\\x.md"])
def test_the_tree_refuses_paths_outside_the_docs_folder(rel: str) -> None:
    with pytest.raises(OutsideTree):
        DocsTree().add(rel, "x")
    with pytest.raises(OutsideTree):
        DocsTree().copy(rel, Path("x"))


def test_the_tree_never_copies_what_a_link_points_to(tmp_path: Path) -> None:
    secret = tmp_path / "secret"
    secret.write_text("secret")
    link = tmp_path / "link.pdf"
    link.symlink_to(secret)
    tree = DocsTree()
    tree.copy("doc/a/link.pdf", link)
    with pytest.raises(OutsideTree):
        tree.sync(tmp_path / "docs")
    assert not (tmp_path / "docs/doc/a/link.pdf").exists()
