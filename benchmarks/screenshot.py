"""Take a PNG screenshot of a kg HTML page in headless Chromium (for the README).

Usage:
    python benchmarks/screenshot.py PAGE.html OUT.png [--width 1280 --height 800] [--select NAME]

Uses Debian's /usr/bin/chromium through playwright (never `playwright install`), with the
network blocked.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run", "--disable-quic"]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("page", type=Path)
    ap.add_argument("out", type=Path)
    ap.add_argument("--width", type=int, default=1280)
    ap.add_argument("--height", type=int, default=760)
    ap.add_argument("--select", help="entity to search for and select before the screenshot")
    args = ap.parse_args(argv)
    if not args.page.is_file():
        print(f"screenshot: {args.page} not found (run make demo first)", file=sys.stderr)
        return 2
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        page = browser.new_page(viewport={"width": args.width, "height": args.height}, device_scale_factor=1)
        page.route("**/*", lambda route: route.continue_() if route.request.url.startswith(("file:", "data:", "blob:")) else route.abort())
        page.goto(args.page.resolve().as_uri())
        page.wait_for_selector("html[data-kg-ready='1']", state="attached", timeout=30_000)
        page.wait_for_timeout(1500)
        if args.select:
            page.evaluate("name => window.kgView.search(name)", args.select)
            page.wait_for_timeout(800)
        args.out.parent.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(args.out))
        browser.close()
    print(f"wrote {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
