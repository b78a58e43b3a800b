"""The live preview's error page: while content has errors, every page ``xxgk
serve`` serves says so, in Chinese, with every problem (file:line, field,
message, hint and the line itself), and reloads itself once the content is
fixed.

MkDocs knows nothing of it: the adapter wraps the preview server's WSGI
application with :func:`wsgi` (WSGI is the standard the server speaks), which
answers page requests with :func:`error_page` while the last check found
errors, and serves the page's own CSS and JavaScript from ``generator/static/``
(the error page may come before any site was built). The page carries the
site's Content-Security-Policy: its reload script is a file, not MkDocs's
inline snippet, so the policy holds on it too.
"""

from __future__ import annotations

import html
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from .diagnostics import LEVEL_LABEL, Level, Problem, Problems
from .security import content_security_policy

STATIC = Path(__file__).parent / "static"
ASSETS = "/.xxgk-preview/"  # the error page's own files, outside any page's URL
_TYPES = {".js": "application/javascript; charset=utf-8", ".css": "text/css; charset=utf-8"}
MAX_SHOWN = 200  # a broken site.yml can mean hundreds of messages: the first ones say enough


def _source_line(root: Path, problem: Problem) -> str | None:
    """The line a problem names, read from the content file (only under content/)."""
    if not problem.line:
        return None
    path = root / problem.path
    try:
        if not path.resolve().is_relative_to((root / "content").resolve()) or path.is_symlink() or not path.is_file():
            return None
        with path.open(encoding="utf-8-sig", errors="replace") as handle:
            for number, line in enumerate(handle, 1):
                if number == problem.line:
                    return line.rstrip("\n")
    except OSError:
        return None
    return None


def _entry(root: Path, problem: Problem) -> str:
    e = html.escape
    level = "warning" if problem.level is Level.WARNING else "error"
    parts = [f'<li class="xxgk-preview-{level}">', f'<div class="xxgk-preview-where">{e(problem.location())}</div>', "<div>"]
    if problem.field:
        parts.append(f'<span class="xxgk-preview-field">{e(problem.field)}</span>：')
    parts.append(f'<span class="xxgk-preview-level">{LEVEL_LABEL[problem.level]}</span>：{e(problem.message)}</div>')
    if problem.hint:
        parts.append(f'<p class="xxgk-preview-hint">提示：{e(problem.hint)}</p>')
    line = _source_line(root, problem)
    if line is not None and line.strip():
        parts.append(f"<pre>{problem.line} | {e(line)}</pre>")
    parts.append("</li>")
    return "".join(parts)


def error_page(problems: Problems, root: Path, epoch: int) -> str:
    """The page shown for every URL while ``problems`` has errors."""
    shown = sorted(problems.sorted(), key=lambda p: p.level is Level.WARNING)  # errors first, by file and line
    entries = "\n".join(_entry(root, p) for p in shown[:MAX_SHOWN])
    more = len(shown) - MAX_SHOWN
    tail = f'<p class="xxgk-preview-more">另有 {more} 条未列出，见运行 make serve 的终端窗口或 xxgk check。</p>' if more > 0 else ""
    return f"""<!doctype html>
<html lang="zh-CN" data-xxgk-epoch="{int(epoch)}">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="{html.escape(content_security_policy())}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>内容有错误，预览暂停更新</title>
<link rel="stylesheet" href="{ASSETS}preview.css">
<script src="{ASSETS}preview.js" defer></script>
</head>
<body>
<main>
<h1>内容有错误，预览暂停更新</h1>
<p class="xxgk-preview-lead">{html.escape(problems.summary())}改好并保存文件后，本页会自动刷新。</p>
<ol>
{entries}
</ol>
{tail}
</main>
</body>
</html>
"""


def _is_page(path: str) -> bool:
    """A request for a page (not for a stylesheet, a script, a picture or a download)."""
    last = path.rsplit("/", 1)[-1]
    return path.endswith("/") or last.endswith(".html") or "." not in last


Wsgi = Callable[[dict[str, Any], Callable[..., Any]], Iterable[bytes]]


def wsgi(
    app: Wsgi,
    problems: Callable[[], Problems | None],
    epoch: Callable[[], int],
    root: Path,
    pinned: Callable[[str], bytes | None] = lambda path: None,
) -> Wsgi:
    """``app`` (the preview server), answering every page with the error page
    while ``problems()`` holds errors; ``epoch()`` is the server's build counter
    the reload script waits on. ``pinned(path)``: a page saved while a rebuild
    runs, served as it is until a rebuild that read the save is over (the
    running one writes the page it read before, and writes it in place)."""

    def serve(environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
        path = environ.get("PATH_INFO", "")
        if path.startswith(ASSETS) and (STATIC / path[len(ASSETS) :]).suffix in _TYPES:
            asset = STATIC / path[len(ASSETS) :]
            if asset.parent == STATIC and asset.is_file():
                body = asset.read_bytes()
                start_response("200 OK", [("Content-Type", _TYPES[asset.suffix]), ("Content-Length", str(len(body)))])
                return [body]
        if path.startswith("/livereload/") or not _is_page(path):
            return app(environ, start_response)
        current = problems()
        if current is None or not current.errors:
            page = pinned(path.removesuffix("index.html").lstrip("/"))
            if page is None:
                return app(environ, start_response)
            start_response(
                "200 OK",
                [("Content-Type", "text/html; charset=utf-8"), ("Content-Length", str(len(page))), ("Cache-Control", "no-store")],
            )
            return [page]
        body = error_page(current, root, epoch()).encode("utf-8")
        # 200, not 500: the page is for a person, and MkDocs's server logs a warning line
        # for every other status, which would bury the problem list in the terminal.
        start_response(
            "200 OK",
            [("Content-Type", "text/html; charset=utf-8"), ("Content-Length", str(len(body))), ("Cache-Control", "no-store")],
        )
        return [body]

    return serve
