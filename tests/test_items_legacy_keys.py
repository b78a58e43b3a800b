"""The item keys and site.yml settings migrated content needs: a 发布日期 with
its time, legacy 索引号 forms per column, the publishers' alias table, and
废止/修改 relations (``repeals``/``amends``) shown on both documents."""

from __future__ import annotations

from pathlib import Path

import pytest
from compliance_fixtures import fill_columns, make_content, no, write_item
from conftest import make_project, run_build
from content_kit import ORG, check, mini_project, only, simple_item

from generator.config import Publisher, SiteConfig
from generator.model import iso_date


def test_a_publication_time_is_accepted_and_the_date_drives_the_checks(tmp_path: Path) -> None:
    root = mini_project(tmp_path, {"zcwj/qtwj/a.md": simple_item("有时间的信息", "2024-03-01 15:14", 1)})
    site, problems = check(root)
    assert [p for p in problems.errors if "a.md" in p.path] == []
    (item,) = [i for i in site.items if i.rel.endswith("a.md")]
    assert (item.published_day, item.published_time, item.published) == ("2024-03-01", "15:14", iso_date("2024-03-01"))
    assert iso_date("2024-03-01 15:14:59") == iso_date("2024-03-01") and iso_date("2024-03-01 24:00") is None


@pytest.mark.parametrize(
    ("written", "message"),
    [
        ("2024-03-01 25:14", "“2024-03-01 25:14”不是真实存在的日期和时间"),
        ("2024-02-30 08:00", "“2024-02-30 08:00”不是真实存在的日期和时间"),
        ("2024-03-01T15:14", "“2024-03-01T15:14” 不是 YYYY-MM-DD 或 YYYY-MM-DD HH:MM 格式的日期"),
    ],
)
def test_a_bad_publication_time_is_named(tmp_path: Path, written: str, message: str) -> None:
    root = mini_project(tmp_path, {"zcwj/qtwj/a.md": simple_item("有时间的信息", written, 1)})
    _site, problems = check(root)
    found = [p for p in problems.errors if p.field == "发布日期(published)"]
    assert [(p.line, p.message) for p in found] == [(4, message)]


def _legacy_site(tmp_path: Path, form: str, items: dict[str, str]) -> Path:
    root = mini_project(tmp_path, items)
    site = root / "content" / "site.yml"
    site.write_text(site.read_text(encoding="utf-8") + form, encoding="utf-8")
    return root


def test_a_legacy_form_is_valid_in_its_columns_only(tmp_path: Path) -> None:
    form = '\nindex_no:\n  legacy:\n    - template: "{code}/{year}-B01-{serial:05d}"\n      columns: [zcwj]\n'
    items = {
        "zcwj/qtwj/old.md": simple_item("旧系统的文件", "2019-05-06", index_no=f"{ORG}/2019-B01-00012"),
        "jgzn/old.md": simple_item("旧系统的机构职能", "2019-05-07", index_no=f"{ORG}/2019-B01-00013"),
    }
    _site, problems = check(_legacy_site(tmp_path, form, items))
    bad = only(problems, "index_no.pattern")
    assert bad.path.endswith("jgzn/old.md") and "index_no.legacy" in bad.hint


def test_site_yml_legacy_forms_and_publishers_are_checked(tmp_path: Path) -> None:
    extra = (
        '\nindex_no:\n  legacy:\n    - template: "{code}/{year}-B01"\n    - template: "{code}/{year}-{serial}"\n      columns: [zcwj/nope]\n'
        "publishers:\n  - name: 测试县测试局\n    aliases: [测试局]\n  - name: 测试县财政局\n    aliases: [测试局]\n"
    )
    _site, problems = check(_legacy_site(tmp_path, extra, {}))
    found = {p.field: (p.line, p.message) for p in problems.items if p.rule == "site.rule"}
    assert found["index_no.legacy.0.template"] == (24, "旧索引号格式“{code}/{year}-B01”不能用：必须有且只有一个 {serial}（流水号）")
    assert found["index_no.legacy.1.columns.0"] == (26, "没有栏目 zcwj/nope")
    assert found["publishers.1.aliases.0"] == (31, "“测试局”已写在“测试县测试局”下")


def test_publisher_spellings_have_one_canonical_name() -> None:
    config = SiteConfig(agency_name="测试县测试局", org_code=ORG, publishers=(Publisher("测试县测试局", ("县测试局", "测试局")),))
    assert config.canonical_publisher("县 测试局") == "测试县测试局"
    assert config.canonical_publisher("测试县财政局") == "测试县财政局"


@pytest.fixture
def content(tmp_path: Path) -> Path:
    content = make_content(tmp_path)
    fill_columns(content)
    return content


OLD, AMENDED, DECISION = no(1, 2021), no(2, 2022), no(3, 2024)


def _related(content: Path, **decision: object) -> None:
    write_item(content, "zcwj/gfxwj", "old", index_no=OLD, title="溪川县农机购置补贴办法", published="2021-03-01", effective="2021-03-01")
    write_item(content, "zcwj/gfxwj", "amended", index_no=AMENDED, title="溪川县种粮补贴办法", published="2022-03-01", effective="2022-03-01")
    write_item(content, "zcwj/qtwj", "decision", index_no=DECISION, title="关于废止和修改部分规范性文件的决定", published="2024-06-03", **decision)


def test_a_repealed_document_is_repealed_and_unknown_targets_are_errors(content: Path) -> None:
    _related(content, repeals=[OLD, "XCNY00001/2020-99999"], amends=AMENDED)
    site, problems = check(content.parent)
    bad = only(problems, "validity.relation")
    assert (bad.line, bad.field) == (5, "废止文件(repeals).第2项")
    assert bad.message == "废止文件的索引号 XCNY00001/2020-99999 在本站找不到"
    from generator.validity import effective_validity

    by_no = site.item_by_index_no()
    assert effective_validity(by_no[OLD], site) == "废止" and effective_validity(by_no[AMENDED], site) == "有效"


def test_stated_valid_but_repealed_is_a_contradiction(content: Path) -> None:
    _related(content, repeals=OLD)
    (content / "items/zcwj/gfxwj/old.md").write_text(
        (content / "items/zcwj/gfxwj/old.md").read_text(encoding="utf-8").replace("---\n\n", 'validity: "有效"\n---\n\n'), encoding="utf-8"
    )
    _site, problems = check(content.parent)
    bad = only(problems, "validity.contradiction")
    assert bad.message == f"标为有效，但已被《关于废止和修改部分规范性文件的决定》（{DECISION}）废止，2024-06-03 起生效"


@pytest.mark.slow
def test_relations_are_shown_on_both_documents(content: Path, tmp_path: Path) -> None:
    _related(content, repeals=OLD, amends=AMENDED)
    root = make_project(tmp_path / "project", content)
    result = run_build(root)
    assert result.returncode == 0, result.stdout + result.stderr

    def page(number: str) -> str:
        return (root / "site/doc" / number.lower().replace("/", "-") / "index.html").read_text(encoding="utf-8")

    decision = page(DECISION)
    assert "本文件废止<a href=\"../xcny00001-2021-00001/\">《溪川县农机购置补贴办法》</a>。" in decision
    assert "本文件修改<a href=\"../xcny00001-2022-00002/\">《溪川县种粮补贴办法》</a>。" in decision
    old = page(OLD)
    assert "本文件已于 2024年6月3日废止，见<a href=\"../xcny00001-2024-00003/\">《关于废止和修改部分规范性文件的决定》</a>。" in old
    amended = page(AMENDED)
    assert "本文件已由<a href=\"../xcny00001-2024-00003/\">《关于废止和修改部分规范性文件的决定》</a>（2024年6月3日）修改，阅读时请一并参照。" in amended
