"""Property-based: whatever an editor writes into any kind of content file,
the checks end in success or in problems that name the file and the line —
never an exception. And content that passes the checks always renders.

Each example starts from a valid file of the sample and either replaces one
value (at any depth) with an arbitrary YAML value, or mutates the text itself
(inserted, deleted and duplicated characters and lines). The budget is
bounded (``MAX_EXAMPLES`` per file kind) and derandomised on CI, so CI runs
are repeatable; run locally with ``XXGK_FUZZ_EXAMPLES=2000`` to search longer.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path
from typing import Any

import pytest
import yaml
from conftest import ROOT
from content_kit import MINI, TODAY, register_numbers
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator import caches
from generator.build import check as check_site
from generator.diagnostics import Level
from generator.pages import render_site

MAX_EXAMPLES = int(os.environ.get("XXGK_FUZZ_EXAMPLES", "30"))
FUZZ = settings(
    max_examples=MAX_EXAMPLES,
    deadline=None,
    derandomize=bool(os.environ.get("CI")),
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)

SAMPLE_ITEM = ROOT / "content/items/zcwj/gfxwj/nongji-butie.md"
# file under content/ → a valid original (text)
KINDS: dict[str, str] = {
    "site.yml": (MINI / "site.yml").read_text(encoding="utf-8"),
    "guide.yml": (MINI / "guide.yml").read_text(encoding="utf-8"),
    "rules/tiaoli.md": (MINI / "rules/tiaoli.md").read_text(encoding="utf-8"),
    "reports/2023.yml": (ROOT / "content/reports/2023.yml").read_text(encoding="utf-8"),
    "catalogues/shenong-butie.yml": (ROOT / "content/catalogues/shenong-butie.yml").read_text(encoding="utf-8"),
    "items/zcwj/gfxwj/fuzz.md": SAMPLE_ITEM.read_text(encoding="utf-8"),
}

text = st.text(alphabet=st.characters(codec="utf-8"), max_size=40)
scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(10**40), max_value=10**40),
    st.floats(allow_nan=True, allow_infinity=True),
    text,
    st.sampled_from(["2024-02-30", "2024-13-01", "{serial:zz}", "(", "javascript:alert(1)", "../../../etc/passwd", "\x1b[31m", "〔2020〕"]),
)
values = st.recursive(scalars, lambda inner: st.lists(inner, max_size=4) | st.dictionaries(text, inner, max_size=4), max_leaves=12)


def _paths(node: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    out = [prefix] if prefix else []
    if isinstance(node, dict):
        for key, value in node.items():
            out += _paths(value, (*prefix, key))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            out += _paths(value, (*prefix, index))
    return out


def _split(original: str) -> tuple[str, str, str]:
    """(before, YAML, after): the front matter of a Markdown file, or the whole file."""
    if original.startswith("---\n"):
        end = original.index("\n---", 3)
        return "---\n", original[4 : end + 1], original[end + 1 :]
    return "", original, ""


@st.composite
def replaced_value(draw: st.DrawFn, original: str) -> str:
    before, front, after = _split(original)
    data = yaml.safe_load(front)
    path = draw(st.sampled_from(_paths(data)))
    node = data
    for key in path[:-1]:
        node = node[key]
    node[path[-1]] = draw(values)
    return before + yaml.safe_dump(data, allow_unicode=True, sort_keys=False) + after


@st.composite
def mutated_text(draw: st.DrawFn, original: str) -> str:
    out = original
    for _ in range(draw(st.integers(1, 4))):
        at = draw(st.integers(0, len(out)))
        action = draw(st.sampled_from(["insert", "delete", "line"]))
        if action == "insert":
            out = out[:at] + draw(st.sampled_from([":", "：", "\t", "---\n", "  ", "- ", "&a ", "*a", "!!x ", '"', "'", "\\", "\n", "{", "["]) | text) + out[at:]
        elif action == "delete":
            out = out[:at] + out[at + draw(st.integers(1, 20)) :]
        else:
            lines = out.split("\n")
            n = draw(st.integers(0, max(0, len(lines) - 1)))
            lines.insert(n, lines[n] if lines else "")
            out = "\n".join(lines)
    return out


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("fuzz") / "project"
    shutil.copytree(MINI, root / "content")
    for name in ("reports/2023.yml", "catalogues/shenong-butie.yml", "items/zcwj/gfxwj/fuzz.md"):
        (root / "content" / name).parent.mkdir(parents=True, exist_ok=True)
        (root / "content" / name).write_text(KINDS[name], encoding="utf-8")
    register_numbers(root)  # the item's 索引号 issued, as `xxgk new` would have
    return root


def _assert_checked(root: Path, name: str, written: str) -> None:
    (root / "content" / name).write_text(written, encoding="utf-8")
    caches.reset()  # several writes may share one mtime: read the file anew
    try:
        ctx, problems = check_site(root, TODAY, "HEAD")
        if not problems.errors:
            render_site(ctx)  # what passes the checks must render
    finally:
        (root / "content" / name).write_text(KINDS[name], encoding="utf-8")
    # A file's problems name a line; a column's (a folder, "content/items/zdxm/") cannot.
    unlocated = [p.format() for p in problems.items if p.level is Level.ERROR and (not p.path or not (p.line or p.path.endswith("/")))]
    assert not unlocated, "\n".join(unlocated)


@pytest.mark.parametrize("name", sorted(KINDS))
@FUZZ
@given(data=st.data())
def test_any_value_anywhere_is_checked_never_raised(project: Path, name: str, data: st.DataObject) -> None:
    _assert_checked(project, name, data.draw(replaced_value(KINDS[name])))


@pytest.mark.parametrize("name", sorted(KINDS))
@FUZZ
@given(data=st.data())
def test_any_text_mutation_is_checked_never_raised(project: Path, name: str, data: st.DataObject) -> None:
    _assert_checked(project, name, data.draw(mutated_text(KINDS[name])))
