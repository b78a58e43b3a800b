"""Small content trees for precise tests.

``mini_project`` copies ``tests/fixtures/mini`` (a tiny agency, 测试县测试局,
org code CSJ000001, five items per listing page) and writes the items a test
needs, so a test states exactly the content it is about. ``check`` runs the
same loading and checks as ``xxgk check`` and every build, in process.
"""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess
from pathlib import Path

from generator import index_ledger
from generator.build import load_and_check
from generator.diagnostics import Problem, Problems
from generator.index_ledger import Entry
from generator.index_numbers import Issuer
from generator.loader import load_site
from generator.model import Site

FIXTURES = Path(__file__).resolve().parent / "fixtures"
MINI = FIXTURES / "mini" / "content"
TODAY = dt.date(2026, 11, 23)
ORG = "CSJ000001"


def item_text(body: str = "正文。", **meta: object) -> str:
    """A Markdown item with front matter written the way editors write it
    (one ``key: value`` line per key, values unquoted unless given with quotes)."""
    lines = ["---"]
    for key, value in meta.items():
        if isinstance(value, list):
            lines.append(f"{key}:")
            lines.extend(f"  - {v}" for v in value)
        else:
            lines.append(f"{key}: {value}")
    lines += ["---", "", body, ""]
    return "\n".join(lines)


def simple_item(title: str, published: str, serial: int | None = None, **meta: object) -> str:
    number = {"index_no": f"{ORG}/{published[:4]}-{serial:05d}"} if serial is not None else {}
    return item_text(**{"title": title, **number, "published": published, **meta})


def mini_project(
    where: Path, items: dict[str, str] | None = None, files: dict[str, str | bytes] | None = None, ledger: bool = True
) -> Path:
    """A project root holding ``content/`` = the mini fixture plus ``items``
    (path under content/items → text) and ``files`` (path under content/ → text or bytes).
    With ``ledger`` the items' 索引号 are registered in the ledger, as ``xxgk new``
    would have done (oldest first)."""
    where.mkdir(parents=True, exist_ok=True)
    shutil.copytree(MINI, where / "content")
    for rel, text in (items or {}).items():
        path = where / "content" / "items" / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    for rel, data in (files or {}).items():
        path = where / "content" / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(data, bytes):
            path.write_bytes(data)
        else:
            path.write_text(data, encoding="utf-8")
    if ledger:
        register_numbers(where)
    return where


def register(root: Path, number: str, path: str, title: str, published: str) -> None:
    """One number in the ledger, unless it is there already (test set-up only)."""
    if not index_ledger.is_issued(root, number):
        index_ledger.append(root, [index_ledger.entry_for(number, path, title, published)])


def register_numbers(root: Path) -> list[Entry]:
    """Register every item's 索引号 not yet in the ledger (what ``xxgk assign``
    does for hand-typed numbers, without its checks: test set-up only)."""
    site, _, _ = load_site(root)
    issuer = Issuer(root, site.config.index_no)
    for item in sorted(site.items, key=lambda i: (i.published or TODAY, i.rel)):
        if item.index_no and not issuer.ledger.is_issued(item.index_no):
            issuer.register(item.index_no, item.rel, item.title, item.published.isoformat() if item.published else "")
    return issuer.save()


def check(root: Path, today: dt.date = TODAY, base_ref: str = "HEAD") -> tuple[Site, Problems]:
    # An explicit base: CI sets XXGK_BASE_REF to the pull request's target branch,
    # which the tests' own little repositories do not have.
    return load_and_check(root, today, base_ref)


def only(problems: Problems, rule: str, path: str | None = None) -> Problem:
    """The single problem with ``rule`` (and ``path``); fails listing all problems otherwise."""
    found = [p for p in problems.items if p.rule == rule and (path is None or p.path == path)]
    assert len(found) == 1, f"expected one {rule} problem, got:\n{problems.format()}"
    return found[0]


def git(root: Path, *args: str) -> str:
    result = subprocess.run(
        ["git", "-C", str(root), *args],
        capture_output=True,
        text=True,
        check=True,
        env={
            "GIT_AUTHOR_NAME": "t",
            "GIT_AUTHOR_EMAIL": "t@example.org",
            "GIT_COMMITTER_NAME": "t",
            "GIT_COMMITTER_EMAIL": "t@example.org",
            "HOME": str(root),
            "PATH": "/usr/bin:/bin",
        },
    )
    return result.stdout


def git_repo(root: Path) -> None:
    """Make ``root`` a git repository with everything committed (the "published" state)."""
    git(root, "init", "-q", "-b", "main")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "published")


def listing_items() -> dict[str, str]:
    """Twelve 其他文件 over three years (five per page: three pages, year views)
    and one 机构职能 item with two attachments."""
    items = {}
    for n in range(1, 13):
        year = 2023 + (n - 1) // 5  # 2023 ×5, 2024 ×5, 2025 ×2
        published = f"{year}-{(n - 1) % 5 + 2:02d}-1{n % 10}"
        items[f"zcwj/qtwj/doc{n:02d}.md"] = simple_item(
            f"测试文件第{n}号", published, n, doc_no=f"测发〔{year}〕{n}号", topic="综合政务\\政务公开", genre="通知"
        )
    items["jgzn/zhineng.md"] = simple_item(
        "测试县测试局主要职责", "2025-03-01", 20, attachments=["{file: 职责清单.pdf, title: 职责清单}", "申请表.docx"]
    )
    return items


LISTING_FILES: dict[str, str | bytes] = {
    "items/jgzn/职责清单.pdf": b"%PDF-1.4\n" + b"0" * 3000,
    "items/jgzn/申请表.docx": b"PK" + b"0" * 100,
}
