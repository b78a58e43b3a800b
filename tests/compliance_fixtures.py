"""Small fixture sites for the policy, catalogue and inspection tests.

Each is the sample agency's configuration and guide with only the columns a
test needs, so a test's finding is exactly the one it provokes.
"""

from __future__ import annotations

import datetime as dt
import json
import shutil
from pathlib import Path
from typing import Any

import yaml
from conftest import SAMPLE
from content_kit import register

ORG = "XCNY00001"
COLUMNS: list[dict[str, Any]] = [
    {"id": "zcwj", "title": "政策文件", "update_months": 6, "children": [{"id": "gfxwj", "title": "行政规范性文件"}, {"id": "qtwj", "title": "其他文件"}]},
    {"id": "zcjd", "title": "政策解读", "update_months": 6},
    {"id": "tjxx", "title": "统计信息"},
]


def no(serial: int, year: int = 2026) -> str:
    return f"{ORG}/{year}-{serial:05d}"


def make_content(where: Path, columns: list[dict[str, Any]] | None = None, inspection: dict[str, Any] | None = None) -> Path:
    """A content/ folder: the sample's site.yml and guide.yml with ``columns``."""
    content = where / "content"
    (content / "items").mkdir(parents=True, exist_ok=True)
    site = yaml.safe_load((SAMPLE / "site.yml").read_text(encoding="utf-8"))
    site["columns"] = columns if columns is not None else COLUMNS
    site.pop("inspection", None)
    if inspection is not None:
        site["inspection"] = inspection
    (content / "site.yml").write_text(yaml.safe_dump(site, allow_unicode=True, sort_keys=False), encoding="utf-8")
    shutil.copy(SAMPLE / "guide.yml", content / "guide.yml")
    shutil.copytree(SAMPLE / "images", content / "images")  # the emblem and mark site.yml names
    if (SAMPLE / "reports").is_dir():  # the annual reports keep the report deadline rule quiet
        shutil.copytree(SAMPLE / "reports", content / "reports")
    return content


def write_item(content: Path, column: str, stem: str, body: str = "正文。", **meta: Any) -> Path:
    """One item file, its 索引号 registered in the ledger (as ``xxgk new`` does);
    dates may be given as ``datetime.date``."""
    meta = {k: (v.isoformat() if isinstance(v, dt.date) else v) for k, v in meta.items()}
    meta.setdefault("title", f"测试信息{stem}")
    front = "\n".join(f"{k}: {json.dumps(v, ensure_ascii=False)}" for k, v in meta.items())
    path = content / "items" / column / f"{stem}.md"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(f"---\n{front}\n---\n\n{body}\n", encoding="utf-8")
    if meta.get("index_no"):
        register(content.parent, str(meta["index_no"]), f"content/items/{column}/{stem}.md", meta["title"], str(meta.get("published", "")))
    return path


def fill_columns(content: Path, published: str = "2026-11-02", columns: list[dict[str, Any]] | None = None, start: int = 900) -> None:
    """One recent, harmless item in every leaf column, so no column is empty or stale."""

    def leaves(specs: list[dict[str, Any]], prefix: str = "") -> list[str]:
        out = []
        for spec in specs:
            path = f"{prefix}{spec['id']}"
            out.extend(leaves(spec["children"], path + "/") if spec.get("children") else [path])
        return out

    for n, path in enumerate(leaves(columns if columns is not None else COLUMNS)):
        # A repealed document needs no interpretation, so fillers provoke no policy finding.
        lifecycle = {"validity": "废止", "expires": "2026-11-01"} if path.endswith("gfxwj") else {}
        write_item(content, path, f"filler-{n}", title=f"栏目{path}的一条信息", index_no=no(start + n), published=published, genre="通知", **lifecycle)
