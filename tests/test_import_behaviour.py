"""``xxgk import`` behaviours on mirrors made from a real gov.cn page (its
template, with the metadata cells and body of each case): idempotence and
batches without renumbering or deadlock, what conversion keeps and drops, files
copied from the mirror and never through a link, an operator's profile and its
errors, proposals, and nothing invented."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from content_kit import check
from import_kit import ORG, TEMPLATE, import_, item, items_by_url, project, ucap_page, worklist, write_mirror, xxgk

from generator import index_ledger

URL = "http://www.gov.cn/zhengce/content"


@pytest.fixture(autouse=True)
def _today(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XXGK_TODAY", "2026-11-23")


def _ledger(root: Path) -> list[str]:
    return (root / index_ledger.LEDGER).read_text(encoding="utf-8").splitlines()


def _rows(root: Path, name: str) -> dict[str, tuple[str, str]]:
    """The worklist rows of one item file, by field."""
    return {field: (reason, suggestion) for file, field, reason, suggestion in worklist(root)[1:] if file.endswith(name)}


def test_importing_twice_changes_nothing_and_keeps_an_editors_corrections(tmp_path: Path) -> None:
    mirror = write_mirror(
        tmp_path / "m",
        {
            "zhengce/content/a/1.htm": ucap_page("测试县测试局关于春耕的通知", f"{ORG}/2024-00001", "2024年03月01日", "测发〔2024〕1号"),
            "zhengce/content/a/2.htm": ucap_page("测试县测试局关于秋收的通知", f"{ORG}/2024-00002", "2024年09月01日"),
        },
    )
    root = project(tmp_path / "p")
    status, out, _ = import_(root, mirror)
    assert status == 0 and "新建 2，更新 0，未变 0" in out and "登记索引号 2 个" in out
    rel = "content/items/zcwj/qtwj/1.md"
    first, ledger = (root / rel).read_bytes(), _ledger(root)
    # Again: nothing changes, no number is registered twice.
    status, out, _ = import_(root, mirror)
    assert "新建 0，更新 0，未变 2" in out and "登记索引号 0 个" in out
    assert (root / rel).read_bytes() == first and _ledger(root) == ledger
    # An editor fills in what the worklist asked; a re-import of the unchanged page keeps it.
    (root / rel).write_text(first.decode().replace("title:", "genre: 通知\ntitle:", 1), encoding="utf-8")
    import_(root, mirror)
    assert item(root, rel)[0]["genre"] == "通知"
    assert "体裁分类" not in _rows(root, "/1.md")
    # The old page changes: what the page says is updated, the editor's key and the 索引号 stay.
    (mirror / "www.gov.cn/zhengce/content/a/1.htm").write_text(
        ucap_page("测试县测试局关于春耕生产的通知", f"{ORG}/2024-00099", "2024年03月01日", "测发〔2024〕1号"), encoding="utf-8"
    )
    status, out, _ = import_(root, mirror)
    assert "新建 0，更新 1，未变 1" in out
    meta, _ = item(root, rel)
    assert (meta["title"], meta["genre"], meta["index_no"]) == ("测试县测试局关于春耕生产的通知", "通知", f"{ORG}/2024-00001")
    assert _rows(root, "/1.md")["索引号"][0] == f"旧页面现在印的索引号是 {ORG}/2024-00099，文件中已登记的 {ORG}/2024-00001 保持不变"
    assert _ledger(root) == ledger
    _site, problems = check(root)
    assert problems.errors == []


def test_batches_never_renumber_and_never_deadlock(tmp_path: Path) -> None:
    """The issue's case: batch 1, then xxgk assign gives a number the old system had
    also given (in batch 2); batch 2 imports, says so, and stops on nothing."""
    mirror = write_mirror(
        tmp_path / "m",
        {
            "zhengce/a/1.htm": ucap_page("甲文件", f"{ORG}/2024-00001", "2024年01月10日"),
            "zhengce/a/2.htm": ucap_page("乙文件", f"{ORG}/2024-00003", "2024年02月10日"),
            "zhengce/a/3.htm": ucap_page("丙文件（旧网站没有索引号）", "", "2024年03月10日"),
            "zhengce/b/4.htm": ucap_page("丁文件", f"{ORG}/2024-00002", "2024年04月10日"),
            "zhengce/b/5.htm": ucap_page("戊文件", f"{ORG}/2024-00004", "2024年05月10日"),
        },
    )
    root = project(tmp_path / "p")
    status, out, _ = import_(root, mirror, "--under", "/zhengce/a/")
    assert status == 0 and "新建 3" in out
    status, out, _ = xxgk(root, "assign")
    assert status == 0 and f"索引号 {ORG}/2024-00004" in out  # the next after the highest seen
    numbers = {url: meta.get("index_no") for url, (_p, meta, _b) in items_by_url(root).items()}
    status, out, _ = import_(root, mirror, "--under", "/zhengce/b/")
    assert status == 0 and "新建 2" in out
    after = {url: meta.get("index_no") for url, (_p, meta, _b) in items_by_url(root).items()}
    assert {u: n for u, n in after.items() if u in numbers} == numbers  # batch 1 untouched
    assert after["http://www.gov.cn/zhengce/b/4.htm"] == f"{ORG}/2024-00002"
    assert after["http://www.gov.cn/zhengce/b/5.htm"] is None  # the old number is taken: not written
    reason, suggestion = _rows(root, "/5.md")["索引号"]
    assert reason.startswith(f"旧索引号 {ORG}/2024-00004 已登记给另一份文件“丙文件（旧网站没有索引号）”")
    assert "xxgk assign" in suggestion
    # Both batches again, in one run: nothing changes, nothing stops.
    ledger = _ledger(root)
    status, out, _ = import_(root, mirror)
    assert status == 0 and "新建 0，更新 0，未变 5" in out and _ledger(root) == ledger
    rows = worklist(root)
    assert {r[0].rsplit("/", 1)[-1] for r in rows[1:]} >= {"1.md", "2.md", "3.md", "4.md", "5.md"}


BODY = """
<p style="text-indent:2em;font-family:仿宋_GB2312"><span style="font-size:16pt"><span lang="EN-US">一、</span>总体要求<o:p></o:p></span></p>
<p><span style="mso-spacerun:yes">&nbsp;</span></p>
<p class="MsoNormal">附件：<a href="./P020240301.pdf">1.申报表</a>、<a href="/zhengce/files/missing.doc">2.说明</a></p>
<p><a href="javascript:void(0)" onclick="window.print()">打印本页</a></p>
<p>参见<a href="../b/2.htm">另一份通知</a>。</p>
<p><img src="W020240301.png" alt="流程图"><img src="http://www.gov.cn/gone.jpg"></p>
<table border="1" style="width:500px"><tr><td><b>项目</b></td><td>标准</td></tr><tr><td>甲</td><td>100元</td></tr></table>
<table border="1"><tr><td colspan="2" style="text-align:center">合并单元格</td></tr><tr><td>乙</td><td>丙</td></tr></table>
"""


def test_bodies_are_cleaned_and_their_files_copied(tmp_path: Path) -> None:
    pdf, png = b"%PDF-1.4 stand-in\n", b"\x89PNG\r\n\x1a\n stand-in"
    mirror = write_mirror(
        tmp_path / "m",
        {"zhengce/a/1.htm": ucap_page("测试县测试局关于印发标准的通知", f"{ORG}/2024-00001", body=BODY),
         "zhengce/b/2.htm": ucap_page("另一份通知", f"{ORG}/2024-00002")},
        {"zhengce/a/P020240301.pdf": pdf, "zhengce/a/W020240301.png": png},
    )  # fmt: skip
    root = project(tmp_path / "p")
    assert import_(root, mirror)[0] == 0
    meta, body = item(root, "content/items/zcwj/qtwj/1.md")
    assert meta["attachments"] == [{"file": "1/P020240301.pdf", "title": "1.申报表"}, {"file": "1/W020240301.png", "title": "流程图"}]
    folder = root / "content/items/zcwj/qtwj/1"
    assert (folder / "P020240301.pdf").read_bytes() == pdf and (folder / "W020240301.png").read_bytes() == png
    assert "一、总体要求" in body and "[1.申报表](1/P020240301.pdf)" in body and "![流程图](1/W020240301.png)" in body
    assert "参见[另一份通知](../csj000001-2024-00002/)。" in body  # the other page, imported as an item
    assert "[2.说明](http://www.gov.cn/zhengce/files/missing.doc)" in body
    assert "| **项目** | 标准 |" in body and "| 甲 | 100元 |" in body  # a plain table stays a Markdown table
    assert '<table><tbody><tr><td colspan="2">合并单元格</td></tr><tr><td>乙</td><td>丙</td></tr></tbody></table>' in body
    for gone in ("javascript", "onclick", "style=", "o:p", "MsoNormal", "mso-", "gone.jpg", "<span", "EN-US"):
        assert gone not in body
    assert "打印本页" in body  # a script link loses its address, not its text
    rows = [(f, r) for f, _field, r, _s in worklist(root)[1:] if f.endswith("/1.md")]
    reasons = " / ".join(r for _f, r in rows)
    assert "javascript:void(0) 是脚本" in reasons
    assert "http://www.gov.cn/zhengce/files/missing.doc，镜像中没有这个页面或文件" in reasons
    assert "正文图片 http://www.gov.cn/gone.jpg 在镜像中找不到" in reasons
    # What was imported passes the site's own checks (markup, links, attachments).
    _site, problems = check(root)
    assert [p for p in problems.errors if "zcwj/qtwj" in p.path] == []
    assert [p for p in problems.warnings if p.rule == "markup.dropped"] == []


def test_files_are_copied_only_from_inside_the_mirror(tmp_path: Path) -> None:
    secret = tmp_path / "secret.pdf"
    secret.write_bytes(b"not for publication")
    body = '<p><a href="./linked.pdf">附件</a> <a href="../../../../outside.pdf">外面</a></p>'
    mirror = write_mirror(tmp_path / "m", {"zhengce/a/1.htm": ucap_page("测试文件", f"{ORG}/2024-00001", body=body)})
    (mirror / "www.gov.cn/zhengce/a/linked.pdf").symlink_to(secret)
    (tmp_path / "m" / "outside.pdf").write_bytes(b"outside the host folder")
    root = project(tmp_path / "p")
    assert import_(root, mirror)[0] == 0
    meta, body = item(root, "content/items/zcwj/qtwj/1.md")
    assert "attachments" not in meta and not (root / "content/items/zcwj/qtwj/1").exists()
    assert "http://www.gov.cn/zhengce/a/linked.pdf" in body


def test_repealing_titles_propose_relations_and_write_none(tmp_path: Path) -> None:
    mirror = write_mirror(
        tmp_path / "m",
        {
            "zhengce/a/1.htm": ucap_page("测试县测试局关于印发《测试县农机补贴办法》的通知", f"{ORG}/2021-00003", "2021年03月01日"),
            "zhengce/a/2.htm": ucap_page("测试县测试局关于废止《测试县农机补贴办法》的决定", f"{ORG}/2024-00005", "2024年03月01日"),
            "zhengce/a/3.htm": ucap_page("测试县测试局关于修改《测试县种粮补贴办法》的决定", f"{ORG}/2024-00006", "2024年04月01日"),
        },
    )
    root = project(tmp_path / "p")
    assert import_(root, mirror)[0] == 0
    reason, suggestion = _rows(root, "/2.md")["repeals"]
    assert reason == "标题表明本文件废止其他文件"
    assert suggestion.startswith(f"确认后写 repeals: [{ORG}/2021-00003]：《测试县测试局关于印发《测试县农机补贴办法》的通知》")
    assert _rows(root, "/3.md")["amends"][1] == "本站还没有《测试县种粮补贴办法》：导入或发布它之后，把它的索引号写进 amends"
    assert "repeals" not in item(root, "content/items/zcwj/qtwj/2.md")[0]


def test_dates_keep_their_time_only_when_the_page_states_it(tmp_path: Path) -> None:
    def page(meta_date: str) -> str:
        return ucap_page("测试文件", f"{ORG}/2024-00001", "2024年03月01日").replace(
            "<div", f'<meta name="PubDate" content="{meta_date}"><div', 1
        )

    root = project(tmp_path / "p")
    mirror = write_mirror(tmp_path / "m", {"a/1.htm": page("2024-03-01 15:14")})
    import_(root, mirror)
    assert item(root, "content/items/zcwj/qtwj/1.md")[0]["published"] == "2024-03-01 15:14"
    # The metadata block says 03-01, another source 02-29 with a time: the block's day, no time.
    root = project(tmp_path / "q")
    mirror = write_mirror(tmp_path / "n", {"a/1.htm": page("2024-02-29 09:00")})
    import_(root, mirror)
    assert item(root, "content/items/zcwj/qtwj/1.md")[0]["published"] == "2024-03-01"


def test_a_page_without_a_date_gets_none_and_a_worklist_line(tmp_path: Path) -> None:
    mirror = write_mirror(tmp_path / "m", {"zhengce/content/t20240301_1.htm": ucap_page("测试文件", f"{ORG}/2024-00001", published="")})
    root = project(tmp_path / "p")
    assert import_(root, mirror)[0] == 0
    meta, _ = item(root, "content/items/zcwj/qtwj/t20240301-1.md")
    assert "published" not in meta
    reason, suggestion = _rows(root, "t20240301-1.md")["发布日期"]
    assert reason == "页面上没有找到发布日期"
    assert suggestion == "必填：补上发布日期（YYYY-MM-DD），否则网站无法生成；旧网址中的日期是 2024-03-01，可作参考"


def test_gbk_pages_are_read_in_their_encoding(tmp_path: Path) -> None:
    text = ucap_page("测试县测试局关于做好防汛工作的通知", f"{ORG}/2024-00001")
    text = '<meta http-equiv="Content-Type" content="text/html; charset=gb2312">\n' + text
    path = tmp_path / "m" / "www.gov.cn" / "a" / "1.htm"
    path.parent.mkdir(parents=True)
    path.write_bytes(text.encode("gb18030"))
    root = project(tmp_path / "p")
    import_(root, tmp_path / "m")
    assert item(root, "content/items/zcwj/qtwj/1.md")[0]["title"] == "测试县测试局关于做好防汛工作的通知"


def test_publisher_spellings_follow_the_alias_table(tmp_path: Path) -> None:
    extra = "\npublishers:\n  - name: 测试县测试局\n    aliases: [测试局, 县测试局]\n  - name: 测试县财政局\n"
    page = ucap_page("测试文件", f"{ORG}/2024-00001").replace("<td><b>发文机关：</b></td>", "<td><b>发布机构：</b></td>")
    page = page.replace("<td></td> \n        <td><b>成文日期", "<td>县测试局</td> \n        <td><b>成文日期", 1)
    mirror = write_mirror(tmp_path / "m", {"a/1.htm": page})
    root = project(tmp_path / "p", extra=extra)
    import_(root, mirror)
    assert item(root, "content/items/zcwj/qtwj/1.md")[0]["publisher"] == "测试县测试局"
    assert _rows(root, "/1.md")["发布机构"][0] == "原文“县测试局”按 site.yml 的 publishers 统一为“测试县测试局”"


PROFILE = """\
# 某县政府网信息公开页
name: 某县政府网
detect: [div.xl-meta]
body: [div.xl-body]
remove: [.xl-share]
fields:
  index_no: [div.xl-meta span.syh]
  published: [div.xl-meta span.rq @data-time]
labels:
  doc_no: [发文编号]
"""
UNKNOWN = """<html><head><title>关于做好防汛工作的通知_某县人民政府</title></head><body>
<div class="xl-meta"><span class="syh">{number}</span><span class="rq" data-time="2024-06-01 08:30">2024年6月1日</span>
<span>发文编号：测发〔2024〕9号</span></div>
<div class="xl-body"><p>各乡镇：</p><p>做好防汛工作。</p><div class="xl-share">分享到微信</div></div></body></html>"""


def test_an_operators_profile_reads_an_unknown_template(tmp_path: Path) -> None:
    mirror = write_mirror(tmp_path / "m", {"xxgk/1.html": UNKNOWN.format(number=f"{ORG}/2024-00007")})
    root = project(tmp_path / "p")
    status, out, _ = import_(root, mirror)
    assert status == 0 and "导入 0 条信息" in out and "1 个页面不是信息页面" in out
    assert worklist(root)[1][1:3] == ["页面", "不是已知模板（开普 UCAP、TRS、大汉 Hanweb）的信息页面：需要时用 --profile 写导入规则"]
    (tmp_path / "profile.yml").write_text(PROFILE, encoding="utf-8")
    status, out, _ = import_(root, mirror, "--profile", str(tmp_path / "profile.yml"))
    assert status == 0 and "新建 1" in out
    meta, body = item(root, "content/items/zcwj/qtwj/1.md")
    assert (meta["title"], meta["index_no"], meta["published"], meta["doc_no"]) == (
        "关于做好防汛工作的通知", f"{ORG}/2024-00007", "2024-06-01 08:30", "测发〔2024〕9号"
    )
    assert body.strip() == "各乡镇：\n\n做好防汛工作。"
    assert all(row[0] == "content/items/zcwj/qtwj/1.md" for row in worklist(root)[1:])  # the skipped page's row is gone


def test_a_broken_profile_is_refused_with_file_line_and_field(tmp_path: Path) -> None:
    mirror = write_mirror(tmp_path / "m", {"xxgk/1.html": UNKNOWN.format(number="")})
    root = project(tmp_path / "p")
    profile = tmp_path / "profile.yml"
    profile.write_text(PROFILE.replace("body: [div.xl-body]", "body: [div.xl-body]\nbodies: []"), encoding="utf-8")
    status, _out, err = import_(root, mirror, "--profile", str(profile))
    assert status == 1 and "profile.yml:5: bodies: 错误：不认识的字段 bodies" in err and "是不是要写 body（正文）？" in err
    profile.write_text(PROFILE.replace("[div.xl-meta span.syh]", '["div.xl-meta span.syh[", "td"]'), encoding="utf-8")
    status, _out, err = import_(root, mirror, "--profile", str(profile))
    assert status == 1 and "profile.yml:7: fields.index_no.第1项: 错误：“div.xl-meta span.syh[”不是有效的 CSS 选择器" in err
    assert "没有导入任何页面" in err and not (root / "content/items/zcwj/qtwj/1.md").exists()


def test_an_unknown_column_or_source_imports_nothing(tmp_path: Path) -> None:
    root = project(tmp_path / "p")
    mirror = write_mirror(tmp_path / "m", {"a/1.htm": ucap_page("测试文件", f"{ORG}/2024-00001")})
    status, _out, err = import_(root, mirror, column="zcwj")
    assert status == 1 and "没有子栏目“zcwj”" in err
    status, _out, err = import_(root, tmp_path / "nowhere")
    assert status == 1 and "找不到保存旧网站页面的文件夹" in err
    assert not (root / "import-worklist.csv").exists()


def test_the_worklist_is_safe_to_open_in_a_spreadsheet(tmp_path: Path) -> None:
    body = '<p><a href="javascript:alert(1)">=HYPERLINK("http://evil")</a></p>'
    mirror = write_mirror(tmp_path / "m", {"a/1.htm": ucap_page("=1+1 测试文件", f"{ORG}/2024-00001", body=body)})
    root = project(tmp_path / "p")
    import_(root, mirror)
    data = (root / "import-worklist.csv").read_bytes()
    assert data.startswith("\ufeff文件,字段,原因,建议\r\n".encode())
    assert b'\n=' not in data and b',=' not in data
    assert os.path.getsize(root / "import-worklist.csv") == len(data)


def test_the_template_page_is_the_real_one() -> None:
    """The synthetic pages above are the real gov.cn page with values replaced."""
    assert "UCAP-CONTENT" in TEMPLATE.read_text(encoding="utf-8") and TEMPLATE.stat().st_size == 7725
