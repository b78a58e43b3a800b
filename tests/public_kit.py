"""The public site as a citizen meets it (issue 14): one page of every kind in
the sample, the three reading modes (normal, 适老化 large text, high
contrast), and a small web server that serves a built site at ``/`` or under
a sub-path and answers a missing page with the site's own 404.html, as the
nginx configuration and GitHub Pages do.

Shared by the accessibility audit (tests/test_browser_a11y.py), the other
public-site browser tests and the screenshot tool (tools/screenshots.py).
"""

from __future__ import annotations

import functools
import http.server
import io
import json
import socketserver
import threading
from pathlib import Path
from typing import Any

# One page of every kind the sample publishes: name → site-relative URL.
PAGE_TYPES: dict[str, str] = {
    "home": "",
    "guide": "zhinan/",
    "rules": "zhidu/",
    "rule": "zhidu/tiaoli/",
    "overview": "fdzdgknr/",
    "listing": "fdzdgknr/zcwj/gfxwj/",
    "year": "fdzdgknr/zcwj/gfxwj/2021/",
    "validity": "fdzdgknr/zcwj/gfxwj/yxx/feizhi/",
    "item-repealed": "doc/xcny00001-2021-00007/",
    "item-table": "doc/xcny00001-2022-00001/",
    "reports": "ndbg/",
    "report": "ndbg/2024/",
    "compare": "ndbg/compare/",
    "catalogue": "xxgkml/",
    "standard": "xxgkml/bzml/shenong-butie/",
    "search": "search/?q=农机补贴",
    "sitemap": "sitemap/",
    "inspection": "jcbg/",
    "404": "no-such-page/",
}
MODES = ("normal", "large", "contrast")
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}

LARGE_KEY = "xxgk-large-text"  # overrides/assets/xxgk/mode.js
# Material's palette choice (assets/xxgk/material.js: __md_set("__palette")), for the second scheme of mkdocs.yml.
CONTRAST = {"index": 1, "color": {"media": "", "scheme": "xxgk-contrast", "primary": "custom", "accent": "custom"}}


def mode_script(mode: str, prefix: str = "/") -> str:
    """An init script that puts a fresh browser context in ``mode`` before any page script runs."""
    values: dict[str, str] = {}
    if mode == "large":
        values[LARGE_KEY] = "1"
    elif mode == "contrast":
        values[f"{prefix}.__palette"] = json.dumps(CONTRAST)
    elif mode != "normal":
        raise ValueError(mode)
    return f"for (const [k, v] of Object.entries({json.dumps(values)})) localStorage.setItem(k, v);"


def new_context(browser: Any, viewport: dict[str, int], mode: str = "normal", prefix: str = "/", **options: Any) -> Any:
    context = browser.new_context(viewport=viewport, locale="zh-CN", **options)
    context.add_init_script(mode_script(mode, prefix))
    return context


class _SiteHandler(http.server.SimpleHTTPRequestHandler):
    """Static files under ``prefix``; anything else gets 404.html with status 404."""

    prefix = "/"
    site: Path

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        pass

    def send_head(self):  # type: ignore[no-untyped-def]
        path = self.path.split("?", 1)[0].split("#", 1)[0]
        if path.startswith(self.prefix):
            inner = "/" + path[len(self.prefix) :]
            local = Path(self.translate_path(inner))
            if local.is_file() or (local.is_dir() and (local / "index.html").is_file()):
                self.path = inner + self.path[len(path) :]
                return super().send_head()
        body = (self.site / "404.html").read_bytes()
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        return io.BytesIO(body)


def serve_site(site: Path, prefix: str = "/") -> tuple[str, socketserver.TCPServer]:
    """Serve ``site`` at http://127.0.0.1:<port><prefix>; returns (that URL, the server to shut down)."""
    handler = type("Handler", (_SiteHandler,), {"prefix": prefix, "site": site})
    server = socketserver.ThreadingTCPServer(("127.0.0.1", 0), functools.partial(handler, directory=str(site)))
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return f"http://127.0.0.1:{server.server_address[1]}{prefix}", server
