"""``xxgk new`` for every column (issue 15): every key of the item schema, the
right values for the column (a 解读 is a 政策解读 that names what it interprets),
placeholders that cannot be published by mistake, and ``--from 文件.docx``."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

import pytest
import yaml
from conftest import TODAY, make_project, run_build, run_xxgk
from content_kit import check, mini_project
from word_kit import GWY_1, LUSHAN_HEADING, LUSHAN_TO, ZHONGSHAN_TABLE, notice_with_attachment, notice_with_doc_no

from generator import caches
from generator.cli import main
from generator.index_ledger import LEDGER
from generator.loader import load_site
from generator.scaffold import BODY_PLACEHOLDER
from generator.schemas import load_schema

KEYS = list(load_schema("item")["properties"])


def front(path: Path) -> dict:
    return yaml.safe_load(path.read_text(encoding="utf-8").split("---\n")[1]) or {}


def written(root: Path, result) -> Path:  # type: ignore[no-untyped-def]
    assert result.returncode == 0, result.stdout + result.stderr
    return root / result.stdout.split()[1].split("（")[0]


def fill_body(path: Path, body: str = "正文。") -> None:
    path.write_text(path.read_text(encoding="utf-8").split(BODY_PLACEHOLDER)[0] + body + "\n", encoding="utf-8")


def test_every_column_gets_every_key_and_a_file_that_passes_once_written(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    sample = mini_project(tmp_path)  # every default column (条例第二十条)
    monkeypatch.setenv("XXGK_TODAY", TODAY)
    site, _, _ = load_site(sample)
    for column in site.leaf_columns():
        # In process (the command line itself is run by the other tests): twenty columns, one interpreter.
        caches.reset()
        status = main(["-C", str(sample), "new", column.id, f"{column.title}测试用的一份信息"])
        out = capsys.readouterr()
        path = written(sample, SimpleNamespace(returncode=status, stdout=out.out, stderr=out.err))
        text = path.read_text(encoding="utf-8")
        for key in KEYS:  # every key, filled in or commented out under its Chinese name
            assert f"\n{key}:" in text or f"\n# {key}:" in text, (column.path, key)
        meta = front(path)
        assert meta["issuer"] == "测试县测试局" and meta["audience"] == "全社会"
        if column.id == "zcjd":
            assert (meta["genre"], meta["form"]) == ("政策解读", "文字解读") and "interprets" in meta
        elif column.id == "gfxwj":
            assert (meta["genre"], meta["validity"]) == ("通知", "有效")
        else:
            assert "interprets" not in meta and "validity" not in meta
        fill_body(path)
    result = run_xxgk(sample, "check")
    mine = [line for line in result.stdout.splitlines() if "测试用的一份信息" in line and "错误" in line]
    assert mine == []


def test_an_interpretation_is_filled_from_interprets(tmp_path: Path) -> None:
    root = mini_project(tmp_path)
    policy = written(root, run_xxgk(root, "new", "gfxwj", "测试县测试局关于印发农机补贴办法的通知"))
    fill_body(policy)
    number = front(policy)["index_no"]
    result = run_xxgk(root, "new", "zcjd", "解读《测试县测试局关于印发农机补贴办法的通知》", "--interprets", number)
    meta = front(written(root, result))
    assert (meta["genre"], meta["interprets"], meta["form"]) == ("政策解读", number, "文字解读")
    assert front(policy)["genre"] == "通知"  # the genre its title ends with


def test_interprets_naming_nothing_is_refused_before_any_number_is_issued(tmp_path: Path) -> None:
    root = mini_project(tmp_path)
    ledger = (root / LEDGER).read_bytes() if (root / LEDGER).exists() else b""
    result = run_xxgk(root, "new", "zcjd", "解读某文件", "--interprets", "CSJ000001/2026-09999")
    assert result.returncode == 2
    assert "--interprets 的索引号 CSJ000001/2026-09999 在本站找不到" in result.stderr
    assert ((root / LEDGER).read_bytes() if (root / LEDGER).exists() else b"") == ledger
    assert not (root / "content/items/zcjd").exists()


def test_placeholders_left_in_files_are_errors(tmp_path: Path) -> None:
    """The issue's three items titled 测试 still saying 在这里写正文 must not pass."""
    root = mini_project(tmp_path)
    for column in ("gfxwj", "zcjd", "ldxx"):
        written(root, run_xxgk(root, "new", column, "测试"))
    result = run_xxgk(root, "check")
    assert result.returncode == 1
    _, problems = check(root)
    placeholders = [p for p in problems.errors if p.rule == "item.placeholder"]
    assert len(placeholders) == 6, problems.format()  # a title and a body in each of the three
    body = next(p for p in placeholders if p.field == "正文")
    assert body.message == f"正文还是模板里的“{BODY_PLACEHOLDER}……”"
    assert body.line == (root / body.path).read_text(encoding="utf-8").split("\n").index(
        next(line for line in (root / body.path).read_text(encoding="utf-8").split("\n") if BODY_PLACEHOLDER in line)) + 1
    title = next(p for p in placeholders if p.field == "标题(title)")
    assert title.message == "标题“测试”是试用时随手写的，不是文件的标题" and title.line == 3


def test_from_a_word_notice_with_its_doc_no(tmp_path: Path) -> None:
    root = mini_project(tmp_path)
    source = notice_with_doc_no(tmp_path / "国发〔2019〕5号.docx")
    result = run_xxgk(root, "new", "qtwj", "--from", str(source))
    path = written(root, result)
    meta = front(path)
    assert meta["title"] == GWY_1["title"]
    assert (meta["doc_no"], meta["issuer"], meta["genre"]) == ("国发〔2019〕5号", "国务院", "意见")
    body = path.read_text(encoding="utf-8").split("---\n", 2)[2]
    # The head lines became front matter; the text begins with the 主送机关.
    assert body.lstrip().startswith("各省、自治区、直辖市人民政府，国务院各部委、各直属机构：")
    assert "国发〔2019〕5号" not in body and "部门联合“双随机、一公开”监管的意见\n" not in body
    assert "\n## 一、总体要求\n" in body  # a 公文's 一、 line is a heading of the page
    assert "标题 " + GWY_1["title"] in result.stdout and "文号 国发〔2019〕5号" in result.stdout
    assert run_xxgk(root, "check").returncode == 0


def test_from_a_word_document_with_headings_list_table_and_picture_previews_at_once(tmp_path: Path) -> None:
    project = make_project(tmp_path / "project", Path(__file__).parent / "fixtures/mini/content")
    source = notice_with_attachment(tmp_path / "通知.docx")
    path = written(project, run_xxgk(project, "new", "qtwj", "--from", str(source)))
    meta = front(path)
    assert meta["title"] == "鲁山县人民政府办公室关于印发鲁山县2020年政务公开工作要点的通知"
    assert (meta["issuer"], str(meta["written"]), meta["genre"]) == ("鲁山县人民政府办公室", "2020-07-07", "通知")
    assert "doc_no" in meta and meta["doc_no"] is None  # the document states none: left to the editor
    picture = path.parent / f"{path.stem}-1.png"
    assert picture.is_file() and not picture.is_symlink() and picture.read_bytes().startswith(b"\x89PNG")
    assert meta["attachments"] == [{"file": picture.name, "title": "图1"}]
    body = path.read_text(encoding="utf-8").split("---\n", 2)[2]
    assert body.lstrip().startswith(LUSHAN_TO)
    assert f"\n## {LUSHAN_HEADING}\n" in body and "\n1. 规范决策公开。" in body and "\n2. 推进管理公开" in body
    assert f"![图1]({picture.name})" in body and "<table>" in body
    # The editor can preview it at once: the site builds, and the page shows the table and the picture.
    build = run_build(project)
    assert build.returncode == 0, build.stdout + build.stderr
    page = next((project / "site/doc").glob(f"*{path.stem}*/index.html")).read_text(encoding="utf-8")
    assert ZHONGSHAN_TABLE[1][0] in page and "<table" in page
    assert f'src="{picture.name}"' in page or f'src="./{picture.name}"' in page


def test_a_file_that_is_not_a_word_document_is_refused_in_chinese(tmp_path: Path) -> None:
    root = mini_project(tmp_path)
    fake = tmp_path / "假的.docx"
    fake.write_text("这不是 Word 文档", encoding="utf-8")
    ledger = (root / LEDGER).read_bytes() if (root / LEDGER).exists() else b""
    result = run_xxgk(root, "new", "qtwj", "--from", str(fake))
    assert result.returncode == 2 and "假的.docx 不是可以读取的 Word 文档（.docx）" in result.stderr
    assert ((root / LEDGER).read_bytes() if (root / LEDGER).exists() else b"") == ledger
    assert not (root / "content/items/zcwj/qtwj").exists()
