"""Banners, two-way links and validity views in the built HTML, and the
policy → interpretation → policy round trip in Chromium."""

from __future__ import annotations

import posixpath
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path

import pytest
from compliance_fixtures import fill_columns, make_content, no, write_item
from conftest import make_project, run_build, serve

OLD, NEW, TEXT, CHART = no(1, 2023), no(2, 2024), no(3, 2024), no(4, 2024)


def slug(number: str) -> str:
    return number.lower().replace("/", "-")


@pytest.fixture(scope="module")
def policy_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    where = tmp_path_factory.mktemp("policy")
    content = make_content(where / "src")
    fill_columns(content)
    write_item(
        content, "zcwj/gfxwj", "old", index_no=OLD, title="溪川县耕地地力保护补贴实施办法（2023年版）", published="2023-02-01",
        genre="通知", validity="废止", effective="2023-02-01", expires="2023-05-01", superseded_by=NEW,
    )
    write_item(content, "zcjd", "old-jd", index_no=no(5, 2023), title="《耕地地力保护补贴实施办法（2023年版）》解读", published="2023-02-01", interprets=OLD, form="文字解读")
    write_item(content, "zcwj/gfxwj", "new", index_no=NEW, title="溪川县耕地地力保护补贴实施办法", published="2024-04-26", genre="通知", effective="2024-05-01")
    write_item(content, "zcjd", "text", index_no=TEXT, title="一图读懂耕地地力保护补贴实施办法", published="2024-04-26", interprets=NEW, form="图解")
    write_item(content, "zcjd", "chart", index_no=CHART, title="《溪川县耕地地力保护补贴实施办法》政策解读", published="2024-04-29", interprets=NEW, form="文字解读")
    project = make_project(where / "project", content)
    result = run_build(project)
    assert result.returncode == 0, result.stdout + result.stderr
    return project / "site"


def page_html(site: Path, number: str) -> str:
    return (site / "doc" / slug(number) / "index.html").read_text(encoding="utf-8")


class Notices(HTMLParser):
    """Text and hrefs of each ``xxgk-notice`` box, and whether it comes before the metadata table."""

    def __init__(self) -> None:
        super().__init__()
        self.notices: list[dict] = []
        self.depth = 0
        self.seen_meta = False

    def handle_starttag(self, tag: str, attrs: list) -> None:
        a = dict(attrs)
        if tag == "table" and "xxgk-meta" in (a.get("class") or ""):
            self.seen_meta = True
        if tag == "div" and "xxgk-notice" in (a.get("class") or ""):
            self.notices.append({"kind": a["class"], "text": "", "hrefs": [], "before_meta": not self.seen_meta})
            self.depth = 1
        elif self.depth:
            if tag == "div":
                self.depth += 1
            if tag == "a":
                self.notices[-1]["hrefs"].append(a["href"])

    def handle_endtag(self, tag: str) -> None:
        if self.depth and tag == "div":
            self.depth -= 1

    def handle_data(self, data: str) -> None:
        if self.depth:
            self.notices[-1]["text"] += data


def notices(site: Path, number: str) -> list[dict]:
    parser = Notices()
    parser.feed(page_html(site, number))
    return parser.notices


def target(number: str, href: str) -> str:
    """The 索引号 slug a relative href from item ``number`` points to."""
    return posixpath.normpath(posixpath.join(f"doc/{slug(number)}", href)).split("/")[1]


def test_repealed_policy_has_a_banner_linking_to_its_replacement(policy_site: Path) -> None:
    (banner, *rest) = notices(policy_site, OLD)
    assert "warning" in banner["kind"] and banner["before_meta"]
    assert banner["text"].startswith("本文件已于 2023年5月1日废止，现行文件见《溪川县耕地地力保护补贴实施办法》")
    assert [target(OLD, h) for h in banner["hrefs"]] == [slug(NEW)]


def test_replacement_links_back_and_lists_its_interpretations(policy_site: Path) -> None:
    found = notices(policy_site, NEW)
    texts = [n["text"] for n in found]
    assert texts[0].startswith("本文件替代《溪川县耕地地力保护补贴实施办法（2023年版）》（2023年5月1日废止）")
    assert [target(NEW, h) for h in found[0]["hrefs"]] == [slug(OLD)]
    assert texts[1] == "政策解读：《一图读懂耕地地力保护补贴实施办法》（图解）、《〈溪川县耕地地力保护补贴实施办法〉政策解读》（文字解读）"
    assert [target(NEW, h) for h in found[1]["hrefs"]] == [slug(TEXT), slug(CHART)]
    assert all(n["before_meta"] for n in found)
    assert "有效" in page_html(policy_site, NEW) and "warning" not in " ".join(n["kind"] for n in found)


def test_interpretation_links_back_to_its_policy(policy_site: Path) -> None:
    (link,) = notices(policy_site, CHART)
    assert link["text"] == "解读文件：《溪川县耕地地力保护补贴实施办法》"
    assert [target(CHART, h) for h in link["hrefs"]] == [slug(NEW)]
    assert "解读形式</th><td colspan=\"3\">文字解读</td>" in page_html(policy_site, CHART)


def test_policy_listing_filters_by_validity(policy_site: Path) -> None:
    listing = (policy_site / "fdzdgknr/zcwj/gfxwj/index.html").read_text(encoding="utf-8")
    assert 'aria-label="按有效性筛选"' in listing and 'href="yxx/feizhi/"' in listing
    repealed = (policy_site / "fdzdgknr/zcwj/gfxwj/yxx/feizhi/index.html").read_text(encoding="utf-8")
    valid = (policy_site / "fdzdgknr/zcwj/gfxwj/yxx/youxiao/index.html").read_text(encoding="utf-8")
    assert "（2023年版）" in repealed and "实施办法（2023年版）" not in valid
    assert "溪川县耕地地力保护补贴实施办法</a>" in valid and "溪川县耕地地力保护补贴实施办法</a>" not in repealed
    assert '<span aria-current="page">废止</span>' in repealed


@pytest.fixture(scope="module")
def policy_url(policy_site: Path) -> Iterator[str]:
    url, server = serve(policy_site)
    yield url
    server.shutdown()


@pytest.mark.browser
def test_round_trip_policy_interpretation_policy(policy_url: str, page) -> None:  # type: ignore[no-untyped-def]
    start = f"{policy_url}doc/{slug(NEW)}/"
    page.goto(start)
    page.get_by_role("link", name="《〈溪川县耕地地力保护补贴实施办法〉政策解读》").click()
    page.wait_for_url(f"{policy_url}doc/{slug(CHART)}/")
    assert page.get_by_role("heading", level=1).inner_text() == "《溪川县耕地地力保护补贴实施办法》政策解读"
    page.locator(".xxgk-notice").get_by_role("link", name="《溪川县耕地地力保护补贴实施办法》").click()
    page.wait_for_url(start)
    assert page.get_by_role("heading", level=1).inner_text() == "溪川县耕地地力保护补贴实施办法"
    assert all(r.startswith(policy_url) for r in page.requests), [r for r in page.requests if not r.startswith(policy_url)]


def test_banner_names_the_document_in_force_at_the_end_of_a_chain(tmp_path: Path) -> None:
    import datetime as dt

    from markupsafe import Markup

    from generator.build import load_and_check
    from generator.policy.pages import notices as item_notices

    content = make_content(tmp_path)
    fill_columns(content)
    a, b, c, d, e = (no(n, 2022) for n in range(1, 6))
    write_item(content, "zcwj/qtwj", "a", index_no=a, title="甲办法", published="2022-01-04", validity="废止", expires="2023-01-01", superseded_by=b)
    write_item(content, "zcwj/qtwj", "b", index_no=b, title="乙办法", published="2022-12-20", validity="废止", expires="2024-01-01", superseded_by=c)
    write_item(content, "zcwj/qtwj", "c", index_no=c, title="丙办法", published="2023-12-20", effective="2024-01-01")
    write_item(content, "zcwj/qtwj", "d", index_no=d, title="丁办法", published="2022-01-04", validity="废止", expires="2023-01-01", superseded_by=e)
    write_item(content, "zcwj/qtwj", "e", index_no=e, title="戊办法", published="2022-12-20", validity="失效", expires="2024-06-30")
    site, _ = load_and_check(tmp_path, dt.date(2026, 11, 23))
    by_no = site.item_by_index_no()

    def banner(number: str) -> str:
        html = item_notices(site, by_no[number])[0].html
        assert isinstance(html, Markup)
        parser = Notices()
        parser.feed(f'<div class="xxgk-notice">{html}</div>')
        return parser.notices[0]["text"]

    assert banner(a) == "本文件已于 2023年1月1日废止，由《乙办法》替代；现行文件见《丙办法》。"
    assert banner(b) == "本文件已于 2024年1月1日废止，现行文件见《丙办法》。"
    assert banner(d) == "本文件已于 2023年1月1日废止，由《戊办法》替代。"  # 戊 has lapsed too: no 现行文件
    assert banner(e) == "本文件已于 2024年6月30日失效。"


def test_titles_holding_book_marks_nest_them_as_chinese_usage_does() -> None:
    from generator.policy.links import book_title

    assert book_title("溪川县农机购置补贴实施办法") == "《溪川县农机购置补贴实施办法》"
    assert book_title("《溪川县农机购置补贴实施办法》文字解读") == "《〈溪川县农机购置补贴实施办法〉文字解读》"
