"""The redirects of old addresses, written into the built site after MkDocs:
a page at each old path a static host can serve as HTML, and
``redirects.map`` (nginx ``map`` lines) for every old path.

A step after the build, because only the finished site shows what an old
path would collide with: a page of the column at the same path wins, and the
collision is an error naming the item file."""

from __future__ import annotations

import html
import posixpath
from pathlib import Path

from .. import sitetree
from ..diagnostics import Problem, Problems
from ..model import Item, Site
from ..security import content_security_policy
from .checks import FIELD
from .urls import addresses

MAP_NAME = "redirects.map"

PAGE = """<!DOCTYPE html>
<html lang="{lang}">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="{csp}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>页面已迁移：{title}</title>
<link rel="canonical" href="{target}">
<meta http-equiv="refresh" content="0; url={target}">
</head>
<body>
<p>本页面已迁移到新地址：<a href="{target}">{title}</a></p>
</body>
</html>
"""


def redirect_page(site: Site, file: str, url: str, title: str) -> str:
    """The page at ``file`` sending readers to the site-relative ``url`` (a relative link, so any prefix works)."""
    target = posixpath.relpath(url, posixpath.dirname(file) or ".") + ("/" if url.endswith("/") else "")
    return PAGE.format(
        lang=html.escape(site.config.language),
        csp=html.escape(content_security_policy(site.config.allowed_hosts)),
        title=html.escape(title),
        target=html.escape(target),
    )


def write_redirects(site: Site, site_dir: Path) -> Problems:
    """Redirect pages and ``redirects.map`` in ``site_dir``; an old path that is a page of the column is an error."""
    problems = Problems()
    lines: dict[str, str] = {}
    pages: dict[str, Item] = {}
    for address in addresses(site):
        if not address.path or address.query or address.path in lines:
            continue  # reported by the check
        item = address.item
        file = address.page_file
        # Judged on the site MkDocs built, before any redirect page is added.
        ours = (site_dir / address.path.lstrip("/")).is_file() or (file is not None and file not in pages and (site_dir / file).exists())
        if ours or (file in pages and pages[file] is not item):
            problems.add(
                Problem(
                    item.rel, item.line("legacy_url"), FIELD,
                    f"旧网址路径 {address.path} 与本站自己的页面、文件或另一个旧网址重名，不能用来跳转",
                    "删掉这个旧网址：本站的这个地址已经有别的内容。",
                    rule="legacy.collision",
                )
            )
            continue
        lines[address.path] = f"/{item.url}"
        if file is not None:
            pages[file] = item
    # Through the build's tree (``sitetree.new_file``): the link check takes the site's files from it.
    for file, item in pages.items():
        sitetree.new_file(site, site_dir, file).write_text(redirect_page(site, file, item.url, item.title), encoding="utf-8")
    if lines:
        text = "".join(f'"{old}" "{new}";\n' for old, new in sorted(lines.items()))
        sitetree.new_file(site, site_dir, MAP_NAME).write_text(text, encoding="utf-8")
    return problems
