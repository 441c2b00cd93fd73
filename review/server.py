"""Serve the review app on 127.0.0.1 (never another interface: the page writes to the warehouse
and has no login)."""
from __future__ import annotations

import socket
from pathlib import Path
from typing import Callable

HOST = "127.0.0.1"


def serve(db: str | Path, port: int, ready: Callable[[str], None] = print) -> None:
    """Run until interrupted. `port` 0 takes a free one; `ready` is told the address once it listens.
    Werkzeug's threaded server: one analyst, a handful of requests at a time (the app serialises
    warehouse access anyway), no dependency beyond Flask's own. The socket is bound here, so that a
    port in use is an OSError for the caller to word (Werkzeug would print and exit itself)."""
    from werkzeug.serving import make_server

    from review.app import create_app
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    try:
        sock.bind((HOST, port))
        sock.listen(128)
        server = make_server(HOST, sock.getsockname()[1], create_app(db), threaded=True, fd=sock.fileno())
    except BaseException:
        sock.close()
        raise
    ready(f"http://{HOST}:{sock.getsockname()[1]}/")
    try:
        server.serve_forever()
    finally:
        server.server_close()
        sock.close()
