"""The site's Content-Security-Policy: one definition for the ``<meta>`` tag of
every page and for the web-server configurations in ``deploy/``.

Every script the column runs is a file of its own (Material's small inline
scripts are replaced by files in ``overrides/``), so no inline script is
allowed: a script that slips into content cannot run. Pagefind compiles
WebAssembly, hence ``'wasm-unsafe-eval'`` (search stops without it); Material's
stylesheets draw icons with ``data:`` SVG masks, hence ``img-src data:``. No
page has a ``style`` attribute or ``<style>`` element (Material's script sets
styles through the CSSOM, which the policy does not restrict), so styles come
from files only. Tested on every kind of page in ``tests/test_browser_csp.py``.
"""

from __future__ import annotations

from collections.abc import Iterable


def content_security_policy(image_hosts: Iterable[str] = (), *, header: bool = False) -> str:
    """The policy as one string. ``image_hosts`` are the other hosts an editor
    may embed images or media from (``site.yml``); ``header`` adds the
    directives that only an HTTP header can carry (``frame-ancestors``)."""
    hosts = " ".join(f"https://{h}" for h in sorted(set(image_hosts)))
    media = f"'self' data: {hosts}".strip()
    # Styles and fetches fall back to default-src 'self' (no style-src, connect-src:
    # 40 bytes of every page's <meta>, issue 11).
    directives = [
        "default-src 'self'",
        "script-src 'self' 'wasm-unsafe-eval'",
        f"img-src {media}",
        f"media-src {media}",
        "font-src 'self' data:",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
    ]
    if header:
        directives.append("frame-ancestors 'self'")
    return "; ".join(directives)
