"""Serve the review app on 127.0.0.1 (never another interface: the page writes to the warehouse
and has no login)."""
from __future__ import annotations

from pathlib import Path
from typing import Callable

HOST = "127.0.0.1"


def serve(db: str | Path, port: int, ready: Callable[[str], None] = print) -> None:
    """Run until interrupted. `port` 0 takes a free one; `ready` is told the address once it listens.
    Werkzeug's threaded server: one analyst, a handful of requests at a time (the app serialises
    warehouse access anyway), no extra dependency beyond Flask's own."""
    from werkzeug.serving import make_server

    from review.app import create_app
    server = make_server(HOST, port, create_app(db), threaded=True)
    ready(f"http://{HOST}:{server.server_port}/")
    try:
        server.serve_forever()
    finally:
        server.server_close()
