"""The seam between the core and the features (generator/feature.py): the
core imports no feature, nothing imports in a circle, every feature can be
switched off and the column still builds, and every setting's default is
stated once (the dataclass) and agrees with what the schema documents."""

from __future__ import annotations

import ast
import dataclasses
from pathlib import Path

import pytest
import yaml
from conftest import ROOT, make_project, run_build

from generator.config import SiteConfig
from generator.feature import FEATURES, load_features
from generator.schemas import load_schema

PACKAGE = ROOT / "generator"
# The packages that implement features; the rest of generator/ is the core,
# except the command line, which may call any feature directly.
FEATURE_PACKAGES = ("features", "reports", "search", "policy", "catalogues", "inspection", "legacy", "importer")
COMMAND_LINE = ("cli", "commands")


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def import_graph() -> dict[str, set[str]]:
    """Module → the generator modules it imports, TYPE_CHECKING imports included."""
    modules = {_module_name(p): p for p in PACKAGE.rglob("*.py")}
    graph: dict[str, set[str]] = {}
    for name, path in modules.items():
        package = name if path.name == "__init__.py" else name.rpartition(".")[0]
        found: set[str] = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom):
                if node.level:
                    base = package.split(".")
                    base = base[: len(base) - (node.level - 1)]
                    target = ".".join(base + ([node.module] if node.module else []))
                else:
                    target = node.module or ""
                for alias in node.names:
                    candidate = f"{target}.{alias.name}"
                    found.add(candidate if candidate in modules else target)
            elif isinstance(node, ast.Import):
                found.update(alias.name for alias in node.names)
        graph[name] = {m for m in found if m in modules and m != name}
    return graph


def _top(module: str) -> str:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else ""


def test_no_module_of_the_core_imports_a_feature() -> None:
    graph = import_graph()
    offending = {
        module: sorted(t for t in targets if _top(t) in FEATURE_PACKAGES)
        for module, targets in graph.items()
        if _top(module) not in FEATURE_PACKAGES + COMMAND_LINE
    }
    assert {m: t for m, t in offending.items() if t} == {}


def test_no_imports_in_a_circle() -> None:
    graph = import_graph()
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    cycles: list[list[str]] = []

    def visit(node: str) -> None:  # Tarjan's strongly connected components
        index[node] = low[node] = len(index)
        stack.append(node)
        for target in sorted(graph[node]):
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                cycles.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    assert cycles == []


def test_the_checker_catches_a_core_import_of_a_feature(tmp_path: Path) -> None:
    """The walk itself: a relative import from a core module into a feature package is seen."""
    graph = import_graph()
    assert "generator.reports.load" in graph["generator.features.reports"]
    assert "generator.feature" in graph["generator.pages.blocks"]


def test_every_feature_declares_itself_in_one_place() -> None:
    features = load_features()
    assert [f.name for f in features] == list(FEATURES)
    schema = load_schema("site")["properties"]["features"]["properties"]
    assert list(schema) == list(FEATURES), "site.yml's features switches name every feature, in order"
    for feature in features:
        for asset in feature.assets:
            assert (ROOT / "overrides" / asset).is_file(), asset
        assert all(step.order for step in feature.post_build)
        if feature.templates is not None:
            assert feature.templates.is_dir()


def _schema_defaults(node: dict) -> dict:
    return {key: prop["default"] for key, prop in node.get("properties", {}).items() if "default" in prop}


def test_every_default_is_stated_once_and_the_schema_agrees() -> None:
    site = load_schema("site")["properties"]
    for feature in load_features():
        if feature.settings is None:
            continue
        declared = {f.name: f.default for f in dataclasses.fields(feature.settings)}
        documented = _schema_defaults(site[feature.settings_key])
        normalised = {k: tuple(v) if isinstance(v, list) else v for k, v in documented.items()}
        assert normalised == declared, feature.name
    core = {f.name: f.default for f in dataclasses.fields(SiteConfig) if f.name in ("per_page", "language")}
    assert core == {k: site[k]["default"] for k in core}


@pytest.mark.slow
@pytest.mark.parametrize(
    "name,gone",
    [
        ("policy", "fdzdgknr/zcwj/gfxwj/yxx/youxiao/index.html"),
        ("catalogues", "xxgkml/index.html"),
        ("reports", "ndbg/2024/index.html"),
        ("search", "search/index.html"),
        ("feeds", "fdzdgknr/zcwj/atom.xml"),
        ("opendata", "doc/xcny00001-2021-00007/index.json"),
        ("inspection", "jcbg/index.html"),
    ],
)
def test_the_sample_builds_with_each_feature_switched_off(tmp_path: Path, name: str, gone: str) -> None:
    project = make_project(tmp_path / "project")
    config = project / "content/site.yml"
    assert "features" not in yaml.safe_load(config.read_text(encoding="utf-8"))
    config.write_text(config.read_text(encoding="utf-8") + f"\nfeatures:\n  {name}: false\n", encoding="utf-8")
    result = run_build(project)
    assert result.returncode == 0, result.stdout + result.stderr
    site = project / "site"
    assert (site / "doc").is_dir() and (site / "zhinan/index.html").is_file() and (site / "ndbg/index.html").is_file()
    assert not (site / gone).exists(), f"{gone} is still built without {name}"
