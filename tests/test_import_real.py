"""``xxgk import`` on real legacy pages of three CMS families (开普 UCAP from
www.gov.cn, TRS from www.mee.gov.cn and www.shanxi.gov.cn, 大汉 Hanweb from
fgw.zj.gov.cn): every field a careful reader wrote down before the importer
existed (``expected.yml``) is what the item holds, the body keeps the text and
loses the page furniture, and the imported column builds with its old links."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from conftest import make_project, run_build
from import_kit import GOV_CN, REAL, import_, items_by_url, project, worklist, xxgk

from benchmarks.import_fields import FIELDS, SITES, compare, expected_pages

COLUMNS = {"kaipu-ucap": "zcwj/qtwj", "trs": "yjgl", "hanweb": "tjxx"}  # one column per family


@pytest.fixture(autouse=True)
def _today(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XXGK_TODAY", "2026-11-23")


def _import_all(root: Path) -> None:
    for site in SITES:
        status, out, err = import_(root, site, column=COLUMNS[site.parent.name])
        assert status == 0, out + err


@pytest.mark.parametrize("site", SITES, ids=[f"{s.parent.name}/{s.name}" for s in SITES])
def test_every_field_a_reader_sees_is_imported(tmp_path: Path, site: Path) -> None:
    root = project(tmp_path / "p")
    status, out, err = import_(root, site, column=COLUMNS[site.parent.name])
    assert status == 0, out + err
    found = items_by_url(root)
    pages = [e for e in expected_pages() if e.site == site]
    assert len(found) == len(pages)
    for expected in pages:
        _path, meta, _body = found[expected.legacy_url]
        assert compare(meta, expected.page) == dict.fromkeys(FIELDS, True), (expected.page["file"], meta)


def test_bodies_keep_the_text_and_lose_the_furniture(tmp_path: Path) -> None:
    root = project(tmp_path / "p")
    _import_all(root)
    found = items_by_url(root)
    _path, meta, body = found["http://www.gov.cn/zhengce/content/2018-12/29/content_5353307.htm"]
    assert "对先行区内医疗机构因临床急需进口少量药品" in body and body.rstrip().endswith("（此件公开发布）")
    for furniture in ("扫一扫", "sendmail", "window.print", "style=", "<span", "font-family", "\\&nbsp"):
        assert furniture not in body
    # Word's inline span around 东北片 is gone, its text stays.
    _path, _meta, body = found["http://www.gov.cn/zhengce/content/2018-12/24/content_5351707.htm"]
    assert "（东北片）" in body and "<span" not in body
    # TRS: the photo is copied next to the item (a regular file, the mirror's bytes) and shown from there.
    path, meta, body = found["http://www.shanxi.gov.cn/yw/sxyw/201909/t20190918_693227.shtml"]
    image = path.parent / "t20190918-693227" / "W020190918234243033577.jpg"
    assert image.is_file() and not image.is_symlink()
    assert image.read_bytes() == next(REAL.rglob("W020190918234243033577.jpg")).read_bytes()
    assert "![](t20190918-693227/W020190918234243033577.jpg)" in body
    assert meta["attachments"] == ["t20190918-693227/W020190918234243033577.jpg"]
    for furniture in ("分享", "字体", "createPageHTML", "扫一扫", "山西省人民政府网站"):
        assert furniture not in body
    # Hanweb: one paragraph; the empty <p>&nbsp;</p> after it are gone.
    _path, _meta, body = found["http://fgw.zj.gov.cn/art/2016/11/22/art_1621004_30332664.html"]
    assert body.strip().endswith("（德清县发改局）") and "打印" not in body


def test_what_the_pages_do_not_say_is_left_to_the_editors(tmp_path: Path) -> None:
    root = project(tmp_path / "p")
    _import_all(root)
    rows = worklist(root)
    assert rows[0] == ["文件", "字段", "原因", "建议"]
    by_file: dict[str, dict[str, list[str]]] = {}
    for file, field, reason, suggestion in rows[1:]:
        by_file.setdefault(file.rsplit("/", 1)[-1], {})[field] = [reason, suggestion]
    # A news page: no 索引号, and nothing made up for it.
    mee = by_file["t20220417-974894.md"]
    assert mee["索引号"] == ["页面上没有找到索引号", "旧网站没有索引号：确认后运行 xxgk assign 分配新号"]
    assert mee["发布机构"][1].startswith("页面写有“来源：生态环境部”")
    assert mee["主题分类"][0] == "页面上没有找到主题分类"
    assert "正文" in mee  # 17 links to pages of the old site the mirror does not hold
    # gov.cn: 体裁 proposed from the title, never written.
    decision = by_file["content-5353307.md"]
    assert decision["体裁分类"] == ["页面上没有找到体裁分类", "按标题可填：决定"]
    _path, meta, _body = items_by_url(root)["http://www.gov.cn/zhengce/content/2018-12/29/content_5353307.htm"]
    assert "genre" not in meta


@pytest.mark.slow
def test_the_imported_column_builds_and_its_old_addresses_redirect(tmp_path: Path) -> None:
    content = project(tmp_path / "content-src", legacy_forms=("000014349/{year}-{serial:05d}",)) / "content"
    root = make_project(tmp_path / "p", content)
    _import_all(root)
    # The news pages have no 索引号: the worklist says to run xxgk assign, as an editor does.
    status, out, err = xxgk(root, "assign")
    assert status == 0 and "共分配 3 个索引号" in out, out + err
    result = run_build(root)
    assert result.returncode == 0, result.stdout + result.stderr
    site = root / "site"
    lines = (site / "redirects.map").read_text(encoding="utf-8").splitlines()
    pages = expected_pages()
    assert len(lines) == len(pages)
    for expected in pages:
        path = re.sub(r"^https?://[^/]+", "", expected.legacy_url)
        line = next(line for line in lines if line.startswith(f'"{path}" '))
        target = line.split(" ")[1].strip('";')
        assert (site / target.lstrip("/") / "index.html").is_file()
        redirect = (site / path.lstrip("/")).read_text(encoding="utf-8")
        assert f'url={"../" * (path.count("/") - 1)}{target.lstrip("/")}' in redirect
    # The time of day the old site recorded is on the page; listings show the day.
    shanxi = next(p for p in (site / "doc").glob("*/index.html") if "山西品牌丝路行" in p.read_text(encoding="utf-8"))
    assert '<time datetime="2019-09-18T06:23">2019-09-18 06:23</time>' in shanxi.read_text(encoding="utf-8")
    listing = (site / "fdzdgknr" / "yjgl" / "index.html").read_text(encoding="utf-8")
    assert '<time>2019-09-18</time>' in listing


def test_gov_cn_numbers_need_their_legacy_form(tmp_path: Path) -> None:
    """The 索引号 of another organisation's code is kept, and the command says what site.yml needs."""
    root = project(tmp_path / "p")
    status, out, _err = import_(root, GOV_CN)
    assert status == 0
    assert '- template: "000014349/{year}-{serial:05d}"' in out and "columns: [zcwj/qtwj]" in out
