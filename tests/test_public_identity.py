"""Whose column this is (issue 14): the agency's name in every title and in the
header, its description, emblem and favicon, the footer's 备案 links, the
党政机关网站标识 and the 找错 link — all from content/site.yml, none from
mkdocs.yml; sitemap.xml lists every page and robots.txt points to it."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import parse_qs, urlsplit
from xml.etree import ElementTree

import pytest
import yaml
from conftest import ROOT, make_project, run_build
from html_tools import page, resolve

from generator.build import check

SAMPLE_NAME = "溪川县农业农村局"


def test_mkdocs_yml_names_no_agency() -> None:
    text = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    assert SAMPLE_NAME not in text and "溪川" not in text
    assert not re.search(r"^site_(description|url|author):", text, re.M)


@pytest.mark.parametrize(
    ("url", "title"),
    [
        ("", f"{SAMPLE_NAME}政府信息公开"),
        ("fdzdgknr/", f"法定主动公开内容 - {SAMPLE_NAME}政府信息公开"),
        ("zhinan/", f"政府信息公开指南 - {SAMPLE_NAME}政府信息公开"),
        ("doc/xcny00001-2021-00007/", f"溪川县农业农村局关于印发《溪川县农机购置补贴实施办法（2021—2023年）》的通知 - {SAMPLE_NAME}政府信息公开"),
    ],
)
def test_page_titles_name_the_page_then_the_agency(sample_build: Path, url: str, title: str) -> None:
    assert page(sample_build, url).find("title").text().strip() == title


def test_header_shows_the_agency_and_its_emblem(sample_build: Path) -> None:
    doc = page(sample_build, "fdzdgknr/")
    header = doc.find("header", cls="md-header")
    assert header.find("div", cls="md-header__topic").text().strip() == f"{SAMPLE_NAME}政府信息公开"
    logo = header.find("a", cls="md-logo")
    assert logo.attrs["aria-label"] == f"{SAMPLE_NAME}政府信息公开"
    img = logo.find("img")
    assert img.attrs["alt"] == ""  # decorative: the link is named
    emblem = resolve("fdzdgknr/", img.attrs["src"])
    assert (sample_build / emblem).read_bytes() == (ROOT / "content/images/emblem.png").read_bytes()
    # The favicon is the emblem (no agency.favicon in the sample), never Material's book.
    icon = doc.find("link", rel="icon").attrs["href"]
    assert resolve("fdzdgknr/", icon) == emblem


def test_description_comes_from_site_yml(sample_build: Path) -> None:
    stated = yaml.safe_load((ROOT / "content/site.yml").read_text(encoding="utf-8"))["website"]["description"]
    for url in ("", "zhinan/", "fdzdgknr/zcwj/"):
        assert page(sample_build, url).find("meta", name="description").attrs["content"] == stated


def test_footer_links_the_filing_numbers_the_mark_and_jiucuo(sample_build: Path) -> None:
    footer = page(sample_build, "zhinan/").find("footer", cls="xxgk-footer")
    links = {a.text().strip(): a.attrs["href"] for a in footer.find_all("a") if a.text().strip()}
    assert links["溪ICP备00000001号"] == "https://beian.miit.gov.cn/"
    assert links["溪公网安备 00000000000001号"] == "https://beian.mps.gov.cn/#/query/webSearch?code=00000000000001"
    jiucuo = urlsplit(links["我要找错"])
    assert (jiucuo.netloc, jiucuo.path) == ("zfwzgl.www.gov.cn", "/exposure/jiucuo.html")
    assert parse_qs(jiucuo.query) == {"site_code": ["XC00000001"], "url": ["https://xxgk.example.gov.cn/"]}
    conac = footer.find("a", cls="xxgk-footer__conac")
    assert conac.attrs["href"].startswith("https://bszs.conac.cn/sitename?method=show&id=")
    assert conac.find("img").attrs["alt"] == "党政机关网站标识"
    assert (sample_build / resolve("zhinan/", conac.find("img").attrs["src"])).is_file()


def test_sitemap_lists_every_page_and_robots_points_to_it(sample_build: Path) -> None:
    base = "https://xxgk.example.gov.cn/"
    tree = ElementTree.fromstring((sample_build / "sitemap.xml").read_bytes())  # what a search engine parses
    locs = {loc.text for loc in tree.iter("{http://www.sitemaps.org/schemas/sitemap/0.9}loc")}
    pages = {base + p.parent.relative_to(sample_build).as_posix() + "/" for p in sample_build.rglob("index.html")}
    pages = {url.replace(base + "./", base) for url in pages} - {base + "jcbg/"}  # the office's own report
    assert locs == pages and len(pages) > 200
    # A document's lastmod is its 发布日期 (not the day of the build).
    assert f"<url><loc>{base}doc/xcny00001-2021-00007/</loc><lastmod>2021-04-28</lastmod></url>\n" in (sample_build / "sitemap.xml").read_text(encoding="utf-8")
    robots = (sample_build / "robots.txt").read_text(encoding="utf-8").splitlines()
    assert robots == ["User-agent: *", "Disallow:", f"Sitemap: {base}sitemap.xml"]


@pytest.fixture(scope="module")
def other_agency(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample's content under another agency's site.yml: no description, no
    images, no site_url (as an agency that imported its own content starts)."""
    project = make_project(tmp_path_factory.mktemp("other") / "project")
    config = project / "content/site.yml"
    data = yaml.safe_load(config.read_text(encoding="utf-8"))
    data["agency"] = {"name": "东山市市场监督管理局", "org_code": data["agency"]["org_code"]}
    data.pop("website")
    data["footer"] = {k: v for k, v in data["footer"].items() if k not in ("conac", "jiucuo")}
    config.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    result = run_build(project)
    assert result.returncode == 0, result.stdout + result.stderr
    return project / "site"


def test_another_agency_keeps_nothing_of_the_sample_in_its_chrome(other_agency: Path) -> None:
    for url in ("", "fdzdgknr/", "404.html"):
        doc = page(other_agency, url)
        assert doc.find("meta", name="description").attrs["content"] == "东山市市场监督管理局政府信息公开专栏"
        assert doc.find("title").text().strip().endswith("东山市市场监督管理局政府信息公开")
        head = "".join(n.attrs.get("content", "") + n.text() for n in doc.find("head").iter())
        assert SAMPLE_NAME not in head
    doc = page(other_agency, "fdzdgknr/")
    assert doc.find("header").find("a", cls="md-logo").find("svg")  # the theme's neutral mark
    assert resolve("fdzdgknr/", doc.find("link", rel="icon").attrs["href"]) == "assets/xxgk/favicon.svg"
    footer = doc.find("footer", cls="xxgk-footer")
    assert not footer.find_all("a", cls="xxgk-footer__conac") and "我要找错" not in footer.text()


def test_without_site_url_no_address_is_invented(other_agency: Path) -> None:
    assert "<loc>" not in (other_agency / "sitemap.xml").read_text(encoding="utf-8")
    assert (other_agency / "robots.txt").read_text(encoding="utf-8") == "User-agent: *\nDisallow:\n"


@pytest.mark.parametrize(
    ("key", "value", "message"),
    [
        ("emblem", "images/missing.png", "机关标识图片不能发布：找不到图片文件 content/images/missing.png"),
        ("favicon", "linked.png", "网站图标不能发布：图片是一个符号链接（快捷方式），不会被发布"),
    ],
)
def test_an_image_that_cannot_be_published_is_an_error_on_its_line(tmp_path: Path, key: str, value: str, message: str) -> None:
    project = make_project(tmp_path / "project")
    (project / "content/linked.png").symlink_to(project / "content/images/emblem.png")
    config = project / "content/site.yml"
    lines = config.read_text(encoding="utf-8").splitlines()
    at = next(n for n, line in enumerate(lines) if line.startswith("  emblem:"))  # under website:
    lines[at] = f"  {key}: {value}"
    config.write_text("\n".join(lines) + "\n", encoding="utf-8")
    _, problems = check(project)
    found = [p for p in problems.errors if p.rule == "site.image"]
    assert [(p.path, p.line, p.field, p.message) for p in found] == [("content/site.yml", at + 1, f"website.{key}", message)]


def test_an_image_outside_content_is_refused_by_the_schema(tmp_path: Path) -> None:
    project = make_project(tmp_path / "project")
    config = project / "content/site.yml"
    config.write_text(config.read_text(encoding="utf-8").replace("images/emblem.png", "../mkdocs.yml"), encoding="utf-8")
    _, problems = check(project)
    assert [p.field for p in problems.errors] == ["机关标识图片(website.emblem)"]
