"""``SiteTree.holding``: a rebuild's tree follows every file it places or removes, so the
link check takes the site's files from it instead of walking ~11 000 folders again
(issue 11). It must be exactly what a walk of the site finds when the check runs: a file
missing from it would be a broken link that is not, a page missing would go unchecked."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from conftest import TODAY, make_project

from generator.files import walk
from generator.sitetree import SiteTree

# Runs ``mkdocs build`` with the link check's list of the site's files recorded beside a
# walk of the site at that moment (one JSON line a build).
_RECORDING = """
import json, os, sys
from generator.files import walk
from generator.inspection import links
original = links._site_files
def recorded(site_dir, held=None):
    walked = sorted(p + n for _, p, _, names in walk(str(site_dir)) for n in names)
    with open(os.environ["HOLDING_RECORD"], "a", encoding="utf-8") as out:
        out.write(json.dumps({"held": None if held is None else sorted(held), "walked": walked}) + "\\n")
    return original(site_dir, held)
links._site_files = recorded
from mkdocs.__main__ import cli
sys.argv = ["mkdocs", "build", "-f", sys.argv[1]]
cli()
"""


def _walked(root: Path) -> set[str]:
    return {prefix + name for _, prefix, _, names in walk(str(root)) for name in names}


def _build(project: Path, record: Path) -> None:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "XXGK_TODAY": TODAY, "HOLDING_RECORD": str(record), "XXGK_SEARCH_SHARD_PAGES": "30"}
    result = subprocess.run(
        [sys.executable, "-c", _RECORDING, str(project / "mkdocs.yml")], cwd=project, capture_output=True, text=True, env=env, timeout=600
    )
    assert result.returncode == 0, result.stderr[-3000:]


def test_the_link_check_takes_the_files_a_walk_of_the_site_finds(tmp_path: Path) -> None:
    """Built four times (the third and fourth bring the spare up to date: the tree follows
    it), with what every kind of step adds: redirect pages and their map written by a step
    (``legacy``), the sitemap completed after MkDocs, re-indexed and kept search shards, an
    item edited, one deleted, one added."""
    project = make_project(tmp_path / "project")
    items = sorted((project / "content" / "items").rglob("*.md"))
    first, second, third = items[0], items[1], items[2]
    text = first.read_text(encoding="utf-8")
    first.write_text(text.replace("---\n", "---\nlegacy_url: [/old/art/page.html, /old/gkml/123/]\n", 1), encoding="utf-8")
    record = tmp_path / "record.jsonl"
    for n in (1, 2):  # the third build has the first's site as its spare
        _build(project, record)
        first.write_text(first.read_text(encoding="utf-8") + f"\n又一段{n}。\n", encoding="utf-8")  # a build with no change checks nothing
    _build(project, record)
    second.write_text(second.read_text(encoding="utf-8").replace("\n---\n", "\n---\n\n新的一段。\n", 1), encoding="utf-8")
    added = third.with_name("zz-added.md")
    added.write_text(third.read_text(encoding="utf-8"), encoding="utf-8")
    third.unlink()
    _build(project, record)
    runs = [json.loads(line) for line in record.read_text(encoding="utf-8").splitlines()]
    assert len(runs) == 4
    assert runs[0]["held"] is None  # no spare: the check walks the site
    for run in runs[2:]:
        assert run["held"] is not None
        assert run["held"] == run["walked"]
    assert {"old/art/page.html", "old/gkml/123/index.html", "redirects.map", "sitemap.xml.gz"} <= set(runs[3]["held"])
    assert any(path.startswith("pagefind/") for path in runs[3]["held"])


def test_the_tree_follows_what_it_places_and_removes(tmp_path: Path) -> None:
    """Each way of placing and removing, on a spare as a build finds it; the folders a prune
    keeps (a step's own, written outside the tree) are listed as they are when asked."""
    spare, source = tmp_path / "spare", tmp_path / "source"
    for rel in ("a/index.html", "b/index.html", "c/d/index.html", "c/e.txt", "gone/x.txt", "step/old.js", "f", "g/index.html/x"):
        for root in (spare, source):
            (root / rel).parent.mkdir(parents=True, exist_ok=True)
            (root / rel).write_text(rel, encoding="utf-8")
    tree = SiteTree.spare(spare)
    tree.link(str(source / "a/index.html"), "a/index.html")  # kept: not the same file
    tree.link(str(source / "b/index.html"), "new/index.html")
    tree.link(str(source / "b/index.html"), "g/index.html")  # a folder where a file goes
    moved = tmp_path / "moved.html"
    moved.write_text("m", encoding="utf-8")
    tree.move(str(moved), "moved/index.html")
    Path(tree.new_file("f/index.html")).write_text("a folder where a file was", encoding="utf-8")
    Path(tree.new_file("written.txt")).write_text("w", encoding="utf-8")
    tree.clear("c")
    tree.prune(keep=("step/",))
    (spare / "step" / "new.js").write_text("a step's own file", encoding="utf-8")
    (spare / "step" / "old.js").unlink()
    assert tree.holding() == _walked(spare)
    assert tree.holding() == {"a/index.html", "new/index.html", "g/index.html", "moved/index.html", "f/index.html", "written.txt", "step/new.js"}
    tree.prune()
    assert tree.holding() == _walked(spare)
    tree.forget()  # files removed outside the tree (a split build's part): not known any more
    assert tree.holding() is None
    assert SiteTree.at(tmp_path / "new").holding() is None  # not known: the check walks
