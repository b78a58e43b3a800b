"""The post-build link check: what it resolves, and a broken link or missing
attachment failing ``mkdocs build`` with the page and the link."""

from __future__ import annotations

import re
from pathlib import Path

from compliance_fixtures import fill_columns, make_content, no, write_item
from conftest import make_project, run_build
from test_build_memory import build_mode as build_mode  # the fixture: as under `mkdocs build`

from generator.inspection.links import ATTACHMENT, PAGE, RESOURCE, check_site

HEAD = '<html><head><link rel="stylesheet" href="{up}assets/a.css"></head><body><nav><a href="{up}">首页</a></nav>'


def page(site: Path, rel: str, article: str) -> None:
    path = site / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    up = "../" * rel.count("/")
    path.write_text(HEAD.format(up=up) + f"<article>{article}</article></body></html>", encoding="utf-8")


def test_resolves_folders_files_entities_and_skips_off_site_links(tmp_path: Path) -> None:
    site = tmp_path / "site"
    (site / "assets").mkdir(parents=True)
    (site / "assets/a.css").write_text("", encoding="utf-8")
    page(site, "index.html", '<a href="doc/x/">x</a><a href="doc/x/#top">x</a><a href="doc/x/index.html?a=1&amp;b=2">x</a>')
    page(site, "doc/x/index.html", (
        '<a href="../../">home</a><a href="%E9%99%84%E4%BB%B6.pdf" download>附件</a>'
        '<a href="https://www.gov.cn/">gov</a><a href="//cdn.example/x">cdn</a><a href="mailto:a@b.c">mail</a>'
        '<a href="#x">top</a><img src="tu.svg" alt=""><a HREF=\'../../doc/x\'>no slash</a>'
    ))
    (site / "doc/x/附件.pdf").write_bytes(b"%PDF")
    (site / "doc/x/tu.svg").write_text("<svg/>", encoding="utf-8")
    report = check_site(site)
    assert report.broken == ()
    assert report.pages == 2 and report.links == 10  # 4 on the home page (its empty nav href is skipped), 6 on doc/x/


def test_reports_each_kind_of_broken_link_with_page_and_line(tmp_path: Path) -> None:
    site = tmp_path / "site"
    page(site, "index.html", '<a href="doc/x/">x</a>')
    page(site, "doc/x/index.html", '<a href="../y/">y</a>\n<a href="missing.pdf">附件</a>\n<img src="gone.png" alt="">\n<a href="../../../outside/">out</a>')
    report = check_site(site)
    found = {(b.page, b.link, b.kind) for b in report.broken}
    assert ("doc/x/index.html", "../y/", PAGE) in found
    assert ("doc/x/index.html", "missing.pdf", ATTACHMENT) in found
    assert ("doc/x/index.html", "gone.png", RESOURCE) in found
    assert ("doc/x/index.html", "../../../outside/", PAGE) in found
    # The chrome's stylesheet is missing too; checked once per folder depth, not per page.
    assert {b.page for b in report.broken if b.link.endswith("a.css")} == {"index.html", "doc/x/index.html"}
    assert next(b.line for b in report.broken if b.link == "gone.png") == 3


def chain(site: Path, pages: int) -> None:
    """A home page and ``pages`` pages each linking to the next (the last one's link is broken)."""
    (site / "assets").mkdir(parents=True)
    (site / "assets/a.css").write_text("", encoding="utf-8")
    page(site, "index.html", "")
    for n in range(pages):
        page(site, f"doc/{n}/index.html", f'<a href="../{n + 1}/">next</a>')


def test_parallel_workers_find_the_same_links(tmp_path: Path) -> None:
    site = tmp_path / "site"
    chain(site, 40)
    serial, parallel = check_site(site, workers=1), check_site(site, workers=2)
    # Chrome (stylesheet, home link) once per depth: 1 + (2 + 1) + 39 article links.
    assert serial.links == parallel.links == 43
    assert [b.link for b in serial.broken] == [b.link for b in parallel.broken] == ["../40/"]


def test_broken_link_and_missing_attachment_fail_the_build(tmp_path: Path) -> None:
    content = make_content(tmp_path / "src")
    fill_columns(content)
    write_item(
        content, "tjxx", "links", index_no=no(90), published="2026-11-02",
        body="详见[上一期数据](../xcny00001-2026-09999/)和[统计表](统计表.xlsx)。",
    )
    project = make_project(tmp_path / "project", content)
    (project / "site").mkdir()
    (project / "site/index.html").write_text("previous site", encoding="utf-8")
    result = run_build(project)
    output = result.stdout + result.stderr
    assert result.returncode != 0
    assert "生成后的网站检查未通过" in output
    assert "页面 /doc/xcny00001-2026-00090/ 的链接“../xcny00001-2026-09999/”指向的页面不存在（内容文件 content/items/tjxx/links.md）" in output
    assert "页面 /doc/xcny00001-2026-00090/ 的附件链接“%E7%BB%9F%E8%AE%A1%E8%A1%A8.xlsx”下载不到" in output or "附件链接“统计表.xlsx”下载不到" in output
    assert (project / "site/index.html").read_text(encoding="utf-8") == "previous site"


def test_a_build_checks_again_from_its_records_and_keeps_no_page_in_memory(tmp_path: Path, build_mode: None) -> None:
    """``mkdocs build`` (issue 11, memory): the links of 100 000 pages are not held to the end of
    the check; the next build reads the unchanged pages' links from the cache's records, and
    a page deleted since still breaks the links naming it."""
    from generator.buildcache import BuildCache
    from generator.inspection import links

    site = tmp_path / "site"
    chain(site, 30)
    page(site, "doc/30/index.html", "")
    cache = BuildCache(tmp_path / "cache", "v", previous=site)
    first = check_site(site, workers=2, cache=cache)
    assert first.broken == () and first.parsed == 32
    assert links._parsed == {}  # nothing kept in this process
    (site / "doc/30/index.html").unlink()
    again = check_site(site, cache=cache)
    assert again.parsed == 0  # every page still there is unchanged: read from the records
    assert again.links == first.links
    assert [(b.page, b.link) for b in again.broken] == [("doc/29/index.html", "../30/")]


def test_a_file_first_named_by_an_edit_is_relied_on_by_the_next_check(tmp_path: Path, build_mode: None) -> None:
    """The records name every file the links resolved to (written anew only when a check adds one):
    a file an edited page names for the first time, removed at a later build while the page stays
    as it is, breaks that page's link."""
    from generator.buildcache import BuildCache

    site = tmp_path / "site"
    chain(site, 5)
    page(site, "doc/5/index.html", "")
    (site / "files").mkdir()
    (site / "files/new.pdf").write_bytes(b"%PDF")
    cache = BuildCache(tmp_path / "cache", "v", previous=site)
    assert check_site(site, cache=cache).broken == ()
    page(site, "doc/2/index.html", '<a href="../3/">next</a><a href="../../files/new.pdf">附件</a>')  # the edit
    assert check_site(site, cache=cache).parsed == 1
    assert check_site(site, cache=cache).parsed == 0  # a build that changes nothing
    (site / "files/new.pdf").unlink()
    again = check_site(site, cache=cache)
    assert [(b.page, b.link) for b in again.broken] == [("doc/2/index.html", "../../files/new.pdf")]


def test_a_rebuild_reads_the_records_in_step_not_whole(tmp_path: Path, build_mode: None) -> None:
    """A rebuild at 100 000 items (issue 11, memory): the previous build's records (~70 MB on
    disk at that size, several times more as Python objects) are read a page at a time as the
    check comes to it, so the check's peak stays below the size of the records file."""
    import tracemalloc

    from generator.buildcache import BuildCache
    from generator.inspection import links

    site = tmp_path / "site"
    (site / "assets").mkdir(parents=True)
    (site / "assets/a.css").write_text("", encoding="utf-8")
    many = "".join(f'<a href="../{n}/">第 {n} 页</a>' for n in range(80))
    for n in range(600):
        page(site, f"doc/{n}/index.html", many)
    page(site, "index.html", "")
    cache = BuildCache(tmp_path / "cache", "v", previous=site)
    first = check_site(site, workers=1, cache=cache)
    records = (cache.folder / links.STORE).stat().st_size
    page(site, "doc/7/index.html", many + '<a href="../600/">不存在</a>')  # one page edited
    tracemalloc.start()
    again = check_site(site, workers=1, cache=cache)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert first.broken == () and again.parsed == 1 and again.links == first.links + 1
    assert [(b.page, b.link) for b in again.broken] == [("doc/7/index.html", "../600/")]
    assert records > 1_000_000 and peak < records / 2, (peak, records)


def test_unchanged_pages_links_are_not_read_again_while_every_file_they_named_is_there(tmp_path: Path, build_mode: None, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """A rebuild after one edit: the links of the pages unchanged since a check that found none
    broken resolved then, each to a file it recorded; while those files are all still there
    (Pagefind's files change on every rebuild, and no link names them) the links are not read
    again, and the check finds what a check from nothing finds. A file one of them named, once
    removed, and a broken link left as it was, are found again."""
    from generator.buildcache import BuildCache
    from generator.inspection import links

    site = tmp_path / "site"
    chain(site, 30)
    page(site, "doc/30/index.html", "")
    (site / "pagefind").mkdir()
    (site / "pagefind" / "a.pf_fragment").write_text("x", encoding="utf-8")
    cache = BuildCache(tmp_path / "cache", "v", previous=site)
    first = check_site(site, cache=cache)
    assert first.broken == ()
    read: list[int] = []
    real = links._Records.links
    monkeypatch.setattr(links._Records, "links", lambda self, at: read.append(at) or real(self, at))

    (site / "pagefind" / "a.pf_fragment").unlink()  # what a rebuild's Pagefind does
    (site / "pagefind" / "b.pf_fragment").write_text("y", encoding="utf-8")
    page(site, "doc/5/index.html", '<a href="../6/">next</a><a href="../../assets/a.css">样式</a>')  # one page edited
    again = check_site(site, cache=cache)
    assert again.parsed == 1 and read == [] and again.broken == () and 0 <= again.seconds < 60
    assert again.links == first.links + 1 == check_site(site).links

    (site / "doc/30/index.html").unlink()  # a page an unchanged page links to
    removed = check_site(site, cache=cache)
    assert removed.parsed == 0 and len(read) == removed.pages  # every page resolved again
    assert [(b.page, b.link) for b in removed.broken] == [("doc/29/index.html", "../30/")]
    # The broken link is left as it was: found again, though no file changed since.
    assert [(b.page, b.link) for b in check_site(site, cache=cache).broken] == [("doc/29/index.html", "../30/")]


def test_a_preview_keeps_parsed_links_only_while_some_are_broken(tmp_path: Path) -> None:
    """``mkdocs serve`` checks links again only after a failed check: with every link good it keeps
    none of them for the rest of the session (~66 MB at 20 000 items); with a broken one it keeps
    them, and the check after the fix re-reads only the page that was edited."""
    from generator import caches
    from generator.inspection import links

    site = tmp_path / "site"
    chain(site, 30)
    page(site, "doc/30/index.html", "")
    caches.reset()
    try:
        assert check_site(site).broken == () and links._parsed == {}
        page(site, "doc/30/index.html", '<a href="../31/">断链</a>')
        assert [b.link for b in check_site(site).broken] == ["../31/"] and len(links._parsed) == 32
        page(site, "doc/30/index.html", "")
        fixed = check_site(site)
        assert fixed.broken == () and fixed.parsed == 1 and links._parsed == {}
    finally:
        caches.reset()


def test_the_walk_of_the_site_sees_what_os_walk_sees(tmp_path: Path) -> None:
    """``files.walk`` (the link check's listing of the site, the build's of content/) lists
    what ``os.walk`` lists, in the same order, enters no folder that is a link, and follows
    a caller's pruning: a page it missed would be reported as a broken link's target."""
    import os

    from generator.files import walk

    for n in range(30):
        (tmp_path / f"d{n % 7}" / f"e{n % 3}").mkdir(parents=True, exist_ok=True)
        (tmp_path / f"d{n % 7}" / f"e{n % 3}" / f"f{n}.html").write_text("x", encoding="utf-8")
    (tmp_path / "top.html").write_text("x", encoding="utf-8")
    (tmp_path / "linked").symlink_to(tmp_path / "d1")  # listed as a folder, not entered
    (tmp_path / "dangling").symlink_to(tmp_path / "nothing")
    root = str(tmp_path)
    ours = [(prefix, list(dirs), list(files)) for _, prefix, dirs, files in walk(root)]
    theirs = [(os.path.relpath(path, root) + "/" if path != root else "", list(dirs), list(files)) for path, dirs, files in os.walk(root)]
    assert ours == theirs
    assert not [p for p, _, _ in ours if p.startswith("linked/")]
    pruned = []
    for _, prefix, dirs, _ in walk(root):
        pruned.append(prefix)
        dirs[:] = [d for d in dirs if d != "d2"]
    assert "d2/" not in pruned and "d3/" in pruned


def test_a_page_linked_from_the_published_site_is_checked_as_it_is_there(tmp_path: Path) -> None:
    """A rebuild links an unchanged page from the published site and gives the link check the
    status it read to link it (``SiteTree.page_status``): the check does not look at it again.
    A published page edited by hand in place (same file, so the rebuild publishes it as it is)
    is read again by the check, which finds the broken link the hand edit put there."""
    content = make_content(tmp_path / "src")
    fill_columns(content)
    write_item(content, "tjxx", "kept", index_no=no(90), published="2026-11-02")
    other = write_item(content, "tjxx", "edited", index_no=no(91), published="2026-11-02")
    project = make_project(tmp_path / "project", content)
    edited = project / "content" / other.relative_to(content)
    for n in (1, 2):  # the second build has the first's tree as its spare: both ways of placing pages
        assert run_build(project).returncode == 0
        edited.write_text(edited.read_text(encoding="utf-8").replace("正文。", f"正文{n}。"), encoding="utf-8")
    published = project / "site/doc/xcny00001-2026-00090/index.html"
    inode = published.stat().st_ino
    with open(published, "r+", encoding="utf-8") as page_file:  # in place: the same file
        html = page_file.read()
        page_file.seek(0)
        page_file.write(html.replace("</article>", '<a href="../xcny00001-2026-09999/">手改</a></article>', 1))
    assert published.stat().st_ino == inode
    result = run_build(project)
    output = result.stdout + result.stderr
    assert re.search(r"shell pages \d+ rendered, [1-9]\d* unchanged", output)  # the page was linked, not rendered
    assert result.returncode != 0
    assert "页面 /doc/xcny00001-2026-00090/ 的链接“../xcny00001-2026-09999/”指向的页面不存在" in output
