"""Debian's Chromium as the browser tests and `make screenshots` start it (no sandbox
in CI containers, nothing fetched: no update, no background networking)."""

CHROMIUM = "/usr/bin/chromium"
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]
