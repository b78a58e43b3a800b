"""The preview's error page as HTML (``generator/preview.py``): every field escaped,
the line shown only from files under content/, and which requests get it."""

from __future__ import annotations

from pathlib import Path

from generator.diagnostics import Level, Problem, Problems
from generator.preview import ASSETS, error_page, wsgi


def _problems(*items: Problem) -> Problems:
    return Problems(list(items))


def test_every_field_is_escaped(tmp_path: Path) -> None:
    hostile = "<script>alert(1)</script>"
    page = error_page(_problems(Problem(f"content/{hostile}.md", 3, hostile, hostile, hostile)), tmp_path, 7)
    assert "<script>alert" not in page and page.count("&lt;script&gt;alert(1)&lt;/script&gt;") == 4
    assert 'data-xxgk-epoch="7"' in page and f'<script src="{ASSETS}preview.js" defer></script>' in page


def test_the_line_is_read_from_content_only(tmp_path: Path) -> None:
    (tmp_path / "content").mkdir()
    (tmp_path / "content/a.md").write_text("---\ntitle：甲\n---\n", encoding="utf-8")
    (tmp_path / "secret.txt").write_text("line one\nsecret\n", encoding="utf-8")
    (tmp_path / "content/link.md").symlink_to(tmp_path / "secret.txt")
    page = error_page(
        _problems(
            Problem("content/a.md", 2, "", "全角冒号"),
            Problem("secret.txt", 2, "", "外面的文件"),
            Problem("content/../secret.txt", 2, "", "外面的文件"),
            Problem("content/link.md", 2, "", "符号链接"),
        ),
        tmp_path,
        1,
    )
    assert "<pre>2 | title：甲</pre>" in page and "secret</pre>" not in page and page.count("<pre>") == 1


def test_errors_come_first_and_only_pages_are_replaced(tmp_path: Path) -> None:
    problems = _problems(Problem("content/b.md", 1, "", "提醒", level=Level.WARNING), Problem("content/z.md", 9, "", "错"))
    page = error_page(problems, tmp_path, 1)
    assert page.index("xxgk-preview-error") < page.index("xxgk-preview-warning")

    def site(environ, start_response):  # type: ignore[no-untyped-def]
        start_response("200 OK", [])
        return [b"site"]

    app = wsgi(site, lambda: problems, lambda: 1, tmp_path)
    statuses: list[str] = []

    def answer(path: str) -> bytes:
        return b"".join(app({"PATH_INFO": path}, lambda status, headers: statuses.append(status)))

    assert b"<title>" in answer("/") and b"<title>" in answer("/doc/x/") and b"<title>" in answer("/a.html")
    assert answer("/assets/xxgk/xxgk.css") == b"site" and answer("/livereload/1/2") == b"site"
    assert answer(f"{ASSETS}preview.js").startswith(b"//") and answer(f"{ASSETS}../preview.py") == b"site"
    fixed = wsgi(site, lambda: None, lambda: 1, tmp_path)
    assert b"".join(fixed({"PATH_INFO": "/"}, lambda *a: None)) == b"site"
