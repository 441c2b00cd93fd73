"""`make review-shot`: docs/review.png, a document page of `cchc review` with its highlighted facts
and one fact's details shown (read-only: nothing is reviewed), taken by headless Chromium (Debian) through Playwright.

    python scripts/review_shot.py [--db warehouse.duckdb] [--file 002_442b549b8d9bf7bd.docx] [--fact 15,5%] [--out docs/review.png]
"""
from __future__ import annotations

import argparse
import logging
import sys
import threading
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--db", default="warehouse.duckdb")
    ap.add_argument("--file", default="002_442b549b8d9bf7bd.docx", help="the document shown (a file name)")
    ap.add_argument("--fact", default="15,5%", help="the number whose details are shown (a flagged one, with an indicator)")
    ap.add_argument("--out", default=str(ROOT / "docs" / "review.png"))
    args = ap.parse_args()

    from review.browser import launch, missing
    why = missing()
    if why:
        print(f"review-shot: {why}", file=sys.stderr)
        return 2
    from playwright.sync_api import sync_playwright
    from werkzeug.serving import make_server

    from review.app import create_app
    from review.server import HOST
    from warehouse.store import Warehouse
    with Warehouse.for_reading(args.db) as wh:
        row = wh.con.execute("SELECT document_id FROM documents WHERE file_name = ? AND status = 'ok'",
                             [args.file]).fetchone()
    if row is None:
        print(f"review-shot: {args.file} is not in {args.db}; ingest samples/ first", file=sys.stderr)
        return 2
    logging.getLogger("werkzeug").setLevel(logging.ERROR)       # no request log in a script's output
    server = make_server(HOST, 0, create_app(args.db, reviewer="analyst"), threaded=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        with sync_playwright() as p:
            browser = launch(p)
            page = browser.new_page(viewport={"width": 1200, "height": 900})
            page.goto(f"http://{HOST}:{server.server_port}/documents/{row[0]}")
            # the fact asked for, scrolled to near the top, with its details shown
            mark = page.locator("mark.fact[tabindex]", has_text=args.fact).first
            mark.evaluate("m => window.scrollTo(0, m.getBoundingClientRect().top + window.scrollY - 260)")
            mark.focus()
            page.wait_for_selector("#tip:not([hidden])")
            Path(args.out).parent.mkdir(parents=True, exist_ok=True)
            page.screenshot(path=args.out)
            browser.close()
    finally:
        server.shutdown()
    print(f"review-shot: {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
