"""A rebuild makes the site-wide products (per-item JSON, the catalogue's pages and
downloads, the exact-lookup buckets, the feeds) only when what they show changed: each
is named by a digest of its inputs, and a file whose stamp still holds is neither made
nor read (``docs_tree.Kept``). An edit of what they show must still reach every one of
them: after an item's title, date and topic change, the site equals a cold build's bytes."""

from __future__ import annotations

import re
import time
from pathlib import Path

from conftest import make_project, run_build

ITEM = "content/items/ghjh/2021-00014-shisiwu-nongye-nongcun-guihua.md"
ITEM_URL = "doc/xcny00001-2021-00014/"
SYNCED = re.compile(r"docs tree (\d+) written, (\d+) copied, (\d+) removed, (\d+) unchanged")


def _build(project: Path) -> tuple[int, int]:
    result = run_build(project)
    assert result.returncode == 0, result.stderr[-3000:]
    m = SYNCED.search(result.stderr)
    assert m, result.stderr[-3000:]
    return int(m.group(1)), int(m.group(4))


def _site(site: Path) -> dict[str, bytes]:
    """Every file a reader fetches but Pagefind's (it names its files anew on every run)."""
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in site.rglob("*") if p.is_file() and "pagefind" not in p.parts}


def _lookups(site: Path) -> str:
    return "".join(p.read_text(encoding="utf-8") for p in sorted((site / "search" / "lookup").glob("*.json")))


def test_an_edit_of_what_the_products_show_reaches_each_of_them(tmp_path: Path) -> None:
    project = make_project(tmp_path / "project")
    _build(project)
    time.sleep(2.2)  # older than the racy window (docs_tree._RACY_NS): the next sync stamps them for good
    item = project / ITEM
    text = item.read_text(encoding="utf-8")
    item.write_text(text + "\n正文末尾补充一句。\n", encoding="utf-8")  # an edit no catalogue row shows
    _build(project)
    time.sleep(2.2)
    before = _site(project / "site")

    edited = (
        text.replace("title: 溪川县“十四五”农业农村现代化发展规划", "title: 溪川县“十四五”农业农村发展规划（修订）", 1)
        .replace("published: 2021-11-10", "published: 2026-11-20")
        .replace("topic: 农业、林业、水利\\农业、畜牧业、渔业", "topic: 农业、林业、水利\\水利")
    )
    assert edited.count("（修订）") == 1 and "2026-11-20" in edited and "\\水利" in edited
    item.write_text(edited, encoding="utf-8")
    written, unchanged = _build(project)
    rebuilt = _site(project / "site")

    # The shortcut is taken: most files of the docs tree were neither made nor written.
    assert unchanged > 10 * written, (written, unchanged)
    # And the edit reached every product that shows the item.
    for rel in (f"{ITEM_URL}index.json", "xxgkml/zdgkml.csv", "xxgkml/zdgkml.json", "atom.xml", "fdzdgknr/ghjh/atom.xml", "fdzdgknr/ghjh/index.html"):
        assert rebuilt[rel] != before[rel], rel
    assert "农业农村发展规划（修订）" in rebuilt["xxgkml/zdgkml.csv"].decode("utf-8-sig")
    assert "农业农村发展规划（修订）" in _lookups(project / "site")

    fresh = make_project(tmp_path / "cold", project / "content")
    _build(fresh)
    cold = _site(fresh / "site")
    assert sorted(set(rebuilt) ^ set(cold)) == []
    assert [rel for rel in cold if rebuilt[rel] != cold[rel]] == []


REPORT = "content/reports/2024.yml"


def test_an_edit_of_a_report_file_reaches_its_pages_and_downloads(tmp_path: Path) -> None:
    """The 年度报告 part is kept by the digest of the report files (an item edit makes none of
    its files again, ``reports/render.py``); an edit of a report reaches each of them."""
    project = make_project(tmp_path / "project")
    _build(project)
    time.sleep(2.2)
    item = project / ITEM
    item.write_text(item.read_text(encoding="utf-8") + "\n正文末尾补充一句。\n", encoding="utf-8")
    _build(project)
    time.sleep(2.2)
    before = _site(project / "site")

    report = project / REPORT
    text = report.read_text(encoding="utf-8")
    edited = (
        text.replace("published: 2025-01-21", "published: 2025-01-20", 1)
        .replace("由溪川县农业农村局编制", "由溪川县农业农村局办公室编制", 1)
        .replace("licensing:          {decisions: 587}", "licensing:          {decisions: 588}", 1)
    )
    assert edited.count("2025-01-20") == 1 and "办公室编制" in edited and "decisions: 588}" in edited
    report.write_text(edited, encoding="utf-8")
    _build(project)
    rebuilt = _site(project / "site")

    for rel in ("ndbg/index.html", "ndbg/2024/index.html", "ndbg/2024/ndbg-2024.csv", "ndbg/2024/ndbg-2024.json", "ndbg/ndbg-all-years.csv"):
        assert rebuilt[rel] != before[rel], rel
    assert "办公室编制" in rebuilt["ndbg/2024/index.html"].decode("utf-8")
    assert "2025-01-20" in rebuilt["ndbg/index.html"].decode("utf-8")

    fresh = make_project(tmp_path / "cold", project / "content")
    _build(fresh)
    cold = _site(fresh / "site")
    assert sorted(set(rebuilt) ^ set(cold)) == []
    assert [rel for rel in cold if rebuilt[rel] != cold[rel]] == []


def test_a_title_edit_reaches_every_listing_that_shows_the_item(tmp_path: Path) -> None:
    """A listing page is keyed by the digests of its items' pages (``listing.write_listing``):
    an edit of the title alone (same date, same place in every listing) reaches the column's
    listing, its year's and its parent's, as a cold build makes them."""
    project = make_project(tmp_path / "project")
    _build(project)
    time.sleep(2.2)
    before = _site(project / "site")
    item = project / ITEM
    text = item.read_text(encoding="utf-8")
    edited = text.replace("title: 溪川县“十四五”农业农村现代化发展规划", "title: 溪川县“十四五”农业农村现代化规划（修订）", 1)
    assert edited != text
    item.write_text(edited, encoding="utf-8")
    _build(project)
    rebuilt = _site(project / "site")

    listings = [rel for rel, data in rebuilt.items() if rel.startswith("fdzdgknr/") and rel.endswith("index.html") and ITEM_URL.encode() in data]
    assert "fdzdgknr/ghjh/index.html" in listings, listings
    for rel in listings:
        assert "现代化规划（修订）".encode() in rebuilt[rel] and rebuilt[rel] != before[rel], rel

    fresh = make_project(tmp_path / "cold", project / "content")
    _build(fresh)
    cold = _site(fresh / "site")
    assert [rel for rel in cold if rebuilt.get(rel) != cold[rel]] == []
