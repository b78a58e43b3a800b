"""sitemap.xml with every page. MkDocs writes it (``overrides/sitemap.xml``:
public addresses from ``website.url``, a document's 发布日期 as ``lastmod``,
pages marked ``xxgk_sitemap: false`` left out) but knows only the pages it
rendered; the pages the core fills into shells after MkDocs (items, paginated
listings, year and validity views) are added here, the same way."""

from __future__ import annotations

import gzip
import re
from html import escape as _escape
from pathlib import Path

from . import buildcache, sitetree
from .fill import Plan
from .model import Site

NAME = "sitemap.xml"
_URL = re.compile(r"[ \t]*<url>\s*<loc>([^<]*)</loc>.*?</url>\n?", re.S)


def escape(text: str) -> str:
    """XML's escape of text (&, <, >), as xml.sax.saxutils's, whose import takes urllib.request (~10 ms a build)."""
    return _escape(text, quote=False)


def _entry(loc: str, lastmod: str | None) -> str:
    when = f"<lastmod>{escape(lastmod)}</lastmod>" if lastmod else ""
    return f"<url><loc>{escape(loc)}</loc>{when}</url>"  # as overrides/sitemap.xml: a page a line


def complete(site: Site, plan: Plan, site_dir: Path) -> int:
    """Add the shell-filled pages to the site's sitemap.xml (and its .gz copy); returns how many."""
    base, path = site.config.site_url, site_dir / NAME
    if not base or not path.is_file():
        return 0
    lines = []
    for spec, _shell in plan.pages:
        front = spec.front
        if front.get("xxgk_sitemap") is not False:
            published = front.get("xxgk_published")
            lines.append(_entry(base + spec.url, str(published) if published else None))
    # The shells themselves are MkDocs pages (its sitemap lists them) and are removed from the site after filling.
    shells = {escape(base + url) for url in plan.shells}
    text = path.read_text(encoding="utf-8")
    text = _URL.sub(lambda m: "" if m.group(1) in shells else m.group(0), text)
    text = text.replace("</urlset>", "\n".join(lines) + "\n</urlset>", 1)
    if _link_published(site, site_dir, text):
        return len(lines)
    # Through the build's tree, which follows what the site holds (``sitetree.py``).
    sitetree.new_file(site, site_dir, NAME).write_text(text, encoding="utf-8")
    # MkDocs writes a compressed copy beside it; mtime 0 keeps the bytes stable.
    sitetree.new_file(site, site_dir, f"{NAME}.gz").write_bytes(gzip.compress(text.encode("utf-8"), mtime=0))
    return len(lines)


def _link_published(site: Site, site_dir: Path, text: str) -> bool:
    """Whether the published site's sitemap is ``text`` (an edit of a title or a body changes no
    entry): then it and its compressed copy, made from it by this code, are linked into the new
    site (compressing ~1 MB again cost ~0.03 s a rebuild at 10 000 items)."""
    cache, tree = buildcache.of(site), sitetree.of(site, site_dir)
    published = cache.previous if cache is not None else None  # a site this code made, or None
    if published is None or tree is None:
        return False
    try:
        if (published / NAME).read_text(encoding="utf-8") != text or not (published / f"{NAME}.gz").is_file():
            return False
    except (OSError, UnicodeDecodeError):
        return False
    tree.link(str(published / NAME), NAME)
    tree.link(str(published / f"{NAME}.gz"), f"{NAME}.gz")
    return True
