"""Old addresses keep working (the ``legacy`` feature): ``legacy_url`` is
checked with file, line and field; the build writes ``redirects.map`` for the
server and a redirect page at each old path a static host can serve; the
shipped nginx configuration answers old paths with a 301 to the new page, and
a static host's redirect page takes Chromium there (no script: the CSP holds)."""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote

import pytest
from conftest import make_project, run_build, serve
from content_kit import ORG, check, mini_project, only, simple_item
from test_nginx import NGINX, Nginx, deploy

ITEMS = {
    "zcwj/qtwj/trs.md": simple_item("TRS 旧页面", "2024-01-10", 1, legacy_url="http://www.old.gov.cn/xxgk/zcwj/201903/t20190305_123.shtml"),
    "zcwj/qtwj/hanweb.md": simple_item("大汉旧页面", "2024-01-11", 2, legacy_url="http://www.old.gov.cn/art/2020/3/5/art_12_345.html"),
    "zcwj/qtwj/chinese.md": simple_item("中文路径", "2024-01-12", 3, legacy_url=["/旧栏目/通知.htm", "http://www.old.gov.cn/content.jsp?id=5"]),
    "zcwj/qtwj/jsp.md": simple_item("动态页面", "2024-01-13", 4, legacy_url="/module/jpage/article.jsp"),
    "zcwj/qtwj/folder.md": simple_item("目录地址", "2024-01-14", 5, legacy_url="http://www.old.gov.cn/xxgk/gkml/123/"),
    "zcwj/qtwj/bare.md": simple_item("无扩展名", "2024-01-15", 6, legacy_url="https://www.old.gov.cn/news/456"),
}


def slug(serial: int) -> str:
    return f"/doc/{ORG.lower()}-2024-{serial:05d}/"


MAP = {
    "/art/2020/3/5/art_12_345.html": slug(2),
    "/module/jpage/article.jsp": slug(4),
    "/news/456": slug(6),
    "/xxgk/gkml/123/": slug(5),
    "/xxgk/zcwj/201903/t20190305_123.shtml": slug(1),
    "/旧栏目/通知.htm": slug(3),
}


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    where = tmp_path_factory.mktemp("legacy")
    content = mini_project(where / "src", ITEMS) / "content"
    project = make_project(where / "project", content)
    result = run_build(project)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "旧网址“http://www.old.gov.cn/content.jsp?id=5”带有查询参数" in result.stderr  # a warning, not a failure
    return project


def test_the_map_names_every_old_path_once_in_nginx_syntax(built: Path) -> None:
    text = (built / "site" / "redirects.map").read_text(encoding="utf-8")
    assert text == "".join(f'"{old}" "{new}";\n' for old, new in MAP.items())


def test_a_redirect_page_stands_where_a_static_host_serves_html(built: Path) -> None:
    site = built / "site"
    pages = {
        "xxgk/zcwj/201903/t20190305_123.shtml": slug(1),
        "art/2020/3/5/art_12_345.html": slug(2),
        "旧栏目/通知.htm": slug(3),
        "xxgk/gkml/123/index.html": slug(5),
        "news/456/index.html": slug(6),
    }
    for file, target in pages.items():
        html = (site / file).read_text(encoding="utf-8")
        relative = "../" * file.count("/") + target.lstrip("/")
        assert f'<meta http-equiv="refresh" content="0; url={relative}">' in html
        assert f'<link rel="canonical" href="{relative}">' in html and f'<a href="{relative}">' in html
        assert "<script" not in html and 'http-equiv="Content-Security-Policy"' in html
        assert (site / file).parent.joinpath(relative, "index.html").resolve().is_file()
    assert not (site / "module").exists()  # a .jsp would be downloaded, not shown: the server's map only


def test_old_addresses_are_checked_with_file_line_and_field(tmp_path: Path) -> None:
    items = {
        "zcwj/qtwj/a.md": simple_item("甲文件", "2024-01-10", 1, legacy_url="ftp://old.gov.cn/a.htm"),
        "zcwj/qtwj/b.md": simple_item("乙文件", "2024-01-11", 2, legacy_url=["/ok.htm", "http://old.gov.cn/%D6%D0.htm"]),
        "zcwj/qtwj/c.md": simple_item("丙文件", "2024-01-12", 3, legacy_url='/a"b.htm'),
        "zcwj/qtwj/d.md": simple_item("丁文件", "2024-01-13", 4, legacy_url="http://other.gov.cn/ok.htm"),
    }
    _site, problems = check(mini_project(tmp_path, items))
    found = sorted((p.path.rsplit("/", 1)[1], p.line, p.field, p.message) for p in problems.items if p.rule.startswith("legacy."))
    assert found == [
        ("a.md", 5, "旧网址(legacy_url)", "旧网址“ftp://old.gov.cn/a.htm”旧网址应当以 http://、https:// 或 / 开头"),
        ("b.md", 7, "旧网址(legacy_url).第2项", "旧网址“http://old.gov.cn/%D6%D0.htm”网址中的 % 编码不是 UTF-8（例如 GBK 编码的中文），服务器无法按它跳转"),
        ("c.md", 5, "旧网址(legacy_url)", "旧网址“/a\"b.htm”网址中有引号、反斜杠或控制字符，无法写入重定向表"),
        ("d.md", 5, "旧网址(legacy_url)", "旧网址路径 /ok.htm 已写在 content/items/zcwj/qtwj/b.md 中"),
    ]
    assert only(problems, "legacy.duplicate").hint.startswith("一个旧网址只能跳转到一个新页面")


def test_an_old_path_that_is_a_page_of_the_column_fails_the_build(tmp_path: Path) -> None:
    content = mini_project(tmp_path / "src", {"zcwj/qtwj/a.md": simple_item("旧指南", "2024-01-10", 1, legacy_url="http://old.gov.cn/zhinan/")}) / "content"
    project = make_project(tmp_path / "project", content)
    (project / "site").mkdir()
    (project / "site" / "kept.html").write_text("the site already published", encoding="utf-8")
    result = run_build(project)
    assert result.returncode != 0
    assert "content/items/zcwj/qtwj/a.md:5: 旧网址(legacy_url): 错误：旧网址路径 /zhinan/ 与本站自己的页面、文件或另一个旧网址重名" in result.stderr
    assert (project / "site" / "kept.html").read_text(encoding="utf-8") == "the site already published"


@pytest.fixture(params=["/", "/xxgk/"], ids=["root", "prefix"])
def nginx(request: pytest.FixtureRequest, built: Path) -> Iterator[tuple[Nginx, str]]:
    if not Path(NGINX).exists():
        pytest.fail(f"{NGINX} is missing: install Debian's nginx (see .ci/run)")
    work = Path(tempfile.mkdtemp(prefix="xxgk-legacy-"))
    work.chmod(0o755)
    server = Nginx(work, work / "www")
    deploy(built, server, "--prefix", request.param)
    server.start()
    yield server, request.param
    server.stop()
    shutil.rmtree(work, ignore_errors=True)


def test_nginx_sends_every_old_address_to_its_new_page(nginx: tuple[Nginx, str]) -> None:
    server, prefix = nginx
    for old, new in MAP.items():
        status, headers, _ = server.get(old)
        assert (status, headers.get("location")) == (301, prefix.rstrip("/") + new), old
        status, _headers, body = server.get(headers["location"])
        assert status == 200 and "<h1" in body.decode("utf-8")
    assert server.get("/content.jsp")[0] == 404


@pytest.fixture(scope="module")
def static_url(built: Path) -> Iterator[str]:
    url, server = serve(built / "site")
    yield url
    server.shutdown()


@pytest.mark.browser
@pytest.mark.parametrize(
    ("old", "serial", "title"),
    [("xxgk/zcwj/201903/t20190305_123.shtml", 1, "TRS 旧页面"), (quote("旧栏目/通知.htm"), 3, "中文路径"), ("xxgk/gkml/123/", 5, "目录地址"), ("news/456", 6, "无扩展名")],
)
def test_a_static_host_takes_readers_from_the_old_address_to_the_new_page(static_url: str, page, old: str, serial: int, title: str) -> None:  # type: ignore[no-untyped-def]
    violations: list[str] = []
    page.on("console", lambda msg: violations.append(msg.text) if "Content Security Policy" in msg.text else None)
    page.goto(static_url + old)
    page.wait_for_url(static_url + slug(serial).lstrip("/"))
    assert page.get_by_role("heading", level=1).inner_text() == title
    assert violations == [] and all(r.startswith(static_url) for r in page.requests)
