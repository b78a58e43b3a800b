"""Screenshots of every kind of page of a built site, as citizens see it:
1280 px (desktop) and 390 px (phone) wide, in the normal and the 适老化
(large-text) modes, optionally the high-contrast one too.

    make site && .venv/bin/python tools/screenshots.py            # site/ → shots/
    .venv/bin/python tools/screenshots.py --full --modes normal large contrast

Each picture is shots/<page>-<width>-<mode>.png; the page kinds are those the
accessibility audit covers (tests/public_kit.py). Uses Debian's Chromium and
fonts-noto-cjk (never a downloaded browser); the site is served on 127.0.0.1
with its own 404 page, as on the real server.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from public_kit import DESKTOP, MODES, PAGE_TYPES, PHONE, new_context, serve_site  # noqa: E402

CHROMIUM = "/usr/bin/chromium"
FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--no-first-run"]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--site", type=Path, default=ROOT / "site", help="the built site (default: site/)")
    parser.add_argument("--out", type=Path, default=ROOT / "shots", help="where the PNG files go (default: shots/)")
    parser.add_argument("--modes", nargs="+", choices=MODES, default=["normal", "large"])
    parser.add_argument("--full", action="store_true", help="the whole page, not only the first screen")
    parser.add_argument("--pages", nargs="+", choices=list(PAGE_TYPES), default=list(PAGE_TYPES))
    args = parser.parse_args()
    if not (args.site / "index.html").is_file():
        sys.exit(f"{args.site} holds no built site: run `make site` first")
    from playwright.sync_api import sync_playwright

    args.out.mkdir(parents=True, exist_ok=True)
    url, server = serve_site(args.site)
    start, count = time.perf_counter(), 0
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
            for viewport in (DESKTOP, PHONE):
                for mode in args.modes:
                    context = new_context(browser, viewport, mode)
                    page = context.new_page()
                    for kind in args.pages:
                        page.goto(url + PAGE_TYPES[kind])
                        page.wait_for_load_state("networkidle")
                        target = args.out / f"{kind}-{viewport['width']}-{mode}.png"
                        page.screenshot(path=str(target), full_page=args.full)
                        count += 1
                    context.close()
            browser.close()
    finally:
        server.shutdown()
    print(f"{count} screenshots in {args.out} ({time.perf_counter() - start:.1f} s)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
