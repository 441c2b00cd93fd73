"""Headless Chromium from Debian (package `chromium`) driven by Playwright, for the browser test
and `make review-shot`. Playwright's own browser download (`playwright install`) is never used:
the system one is launched by path, with everything that would reach the network turned off."""
from __future__ import annotations

import shutil
from pathlib import Path

CHROMIUM = Path("/usr/bin/chromium")
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def missing() -> str | None:
    """Why the browser cannot run here, naming what to install; None when it can."""
    if not CHROMIUM.exists() and not shutil.which("chromium"):
        return "headless Chromium is not installed: apt-get install chromium (Debian package `chromium`)"
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "Playwright for Python is not installed: pip install playwright (dev extra; no `playwright install`)"
    return None


def launch(playwright):
    path = CHROMIUM if CHROMIUM.exists() else Path(shutil.which("chromium"))
    return playwright.chromium.launch(executable_path=str(path), args=ARGS, headless=True)
