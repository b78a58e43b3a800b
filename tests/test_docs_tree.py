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


def _refuse() -> str:
    raise AssertionError("made a text whose file was already it")


def test_a_kept_text_is_made_only_when_its_file_is_not_already_it(tmp_path: Path) -> None:
    docs = tmp_path / "docs"
    tree = DocsTree()
    tree.add_kept("doc/a/index.json", b"a" * 16, lambda: '{"a":1}')
    tree.sync(docs)
    _age(docs / "doc/a/index.json")  # older than the racy window: its stamp is trusted from the next sync
    tree.sync(docs)

    again = DocsTree()
    again.add_kept("doc/a/index.json", b"a" * 16, _refuse)
    assert again.sync(docs).unchanged == 1

    changed = DocsTree()
    changed.add_kept("doc/a/index.json", b"b" * 16, lambda: '{"a":2}')
    assert changed.sync(docs).written == 1
    assert (docs / "doc/a/index.json").read_text(encoding="utf-8") == '{"a":2}'


@pytest.mark.parametrize("same_tick", [False, True])
def test_a_file_changed_by_hand_is_written_again(tmp_path: Path, same_tick: bool) -> None:
    docs = tmp_path / "docs"
    path = docs / "doc/a/index.json"
    tree = DocsTree()
    tree.add_kept("doc/a/index.json", b"a" * 16, lambda: '{"a":1}')
    tree.add("doc/b/index.md", "乙")
    tree.sync(docs)
    if not same_tick:
        for rel in ("doc/a/index.json", "doc/b/index.md"):
            _age(docs / rel)
        tree.sync(docs)  # now stamped with the old times: trusted
    stamp = path.stat()
    # The same size; with same_tick, even the same time and inode (an edit within the
    # file system clock's tick after the sync: only the racy window catches it).
    with open(path, "r+b") as out:
        out.write(b'{"a":9}')
    (docs / "doc/b/index.md").write_text("丙", encoding="utf-8")
    if same_tick:
        os.utime(path, ns=(stamp.st_atime_ns, stamp.st_mtime_ns))

    stats = tree.sync(docs)

    assert stats.written == 2
    assert path.read_text(encoding="utf-8") == '{"a":1}'
    assert (docs / "doc/b/index.md").read_text(encoding="utf-8") == "乙"


@pytest.mark.parametrize("marker", [b"0123456789abcdef0123456789abcdef", b"\xff\xfe not ours", b"digest\n\x00garbage"])
def test_a_marker_of_another_format_means_every_file_is_compared(tmp_path: Path, marker: bytes) -> None:
    docs = tmp_path / "docs"
    _tree({"doc/a/index.md": "甲", "doc/b/index.md": "乙"}).sync(docs)
    (docs / ".xxgk-synced").write_bytes(marker)  # an older build's, or a damaged one
    (docs / "doc/b/index.md").write_text("丙", encoding="utf-8")

    stats = _tree({"doc/a/index.md": "甲", "doc/b/index.md": "乙"}).sync(docs)

    assert (stats.written, stats.unchanged) == (1, 1)
    assert (docs / "doc/b/index.md").read_text(encoding="utf-8") == "乙"


def test_the_marker_of_the_format_before_columns_means_every_file_is_compared(tmp_path: Path) -> None:
    """A marker with a tuple a file (the format before ``docs_tree.Stamps``) whose stamps would all
    hold: read as no marker, so the file edited by hand since is compared and written again."""
    import hashlib
    import marshal
    import time

    docs = tmp_path / "docs"
    _tree({"doc/a/index.md": "甲", "doc/b/index.md": "乙"}).sync(docs)
    (docs / "doc/b/index.md").write_text("丙", encoding="utf-8")
    stamps = {}  # as the old reader would take them: each file what the tree wants there
    for rel, text in (("doc/a/index.md", "甲"), ("doc/b/index.md", "乙")):
        _age(docs / rel)
        st = (docs / rel).stat()
        stamps[rel] = (hashlib.blake2b(text.encode("utf-8"), digest_size=16).digest(), st.st_size, st.st_mtime_ns, st.st_ino)
    (docs / ".xxgk-synced").write_bytes(b"0" * 32 + b"\n" + marshal.dumps((time.time_ns(), stamps)))

    stats = _tree({"doc/a/index.md": "甲", "doc/b/index.md": "乙"}).sync(docs)

    assert (stats.written, stats.unchanged) == (1, 1)
    assert (docs / "doc/b/index.md").read_text(encoding="utf-8") == "乙"


def test_static_files_are_placed_by_the_inodes_their_sync_found(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The sync has just looked at every static file (or written it): placing them into an older
    site tree takes each one's inode from it and looks at none again. A file the edit changed
    (a new file, written beside the old one) and one removed by hand from the static folder
    (written again) reach the site; the others are kept as they are."""
    from generator import docs_tree
    from generator.sitetree import SiteTree

    monkeypatch.setattr(docs_tree, "_RACY_NS", 0)  # every stamp trusted at once, as two seconds after a build
    docs, static, site = tmp_path / "docs", tmp_path / "static", tmp_path / "site"

    def tree(edited: str) -> DocsTree:
        made = DocsTree()
        made.add("index.md", "# 首页\n")
        for name in "abc":
            made.add(f"doc/{name}/data.json", edited if name == "a" else "{}")
        return made

    first = tree("{}")
    first.sync(docs, static)
    rels = first.static_paths()
    site.mkdir()
    assert docs_tree.place(static, rels, SiteTree.at(site), first.inodes_of(rels)) == 3
    (static / "doc/c/data.json").unlink()  # behind the build's back
    second = tree('{"title": "改"}')
    second.sync(docs, static)
    assert list(second.inodes_of(rels)) == [os.stat(static / rel).st_ino for rel in rels]
    looked: list[str] = []
    real_stat = os.stat
    monkeypatch.setattr(os, "stat", lambda path, *a, **k: looked.append(str(path)) or real_stat(path, *a, **k))
    spare = SiteTree.spare(site)
    assert docs_tree.place(static, rels, spare, second.inodes_of(rels)) == 2
    assert not [path for path in looked if path.startswith(str(static) + os.sep)]
    assert (site / "doc/a/data.json").read_text(encoding="utf-8") == '{"title": "改"}'
    for rel in rels:
        assert (site / rel).stat().st_ino == (static / rel).stat().st_ino
    assert spare.kept == 1
