"""A small HTTP server on 127.0.0.1 for tests of our outbound fetches (media hosts,
pull sources, controllers): ``respond(path) -> (status, headers, body)``."""

from __future__ import annotations

import http.server
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager

Respond = Callable[[str], tuple[int, dict[str, str], bytes]]


@contextmanager
def serve(
    respond: Respond, bodies: list[bytes] | None = None
) -> Iterator[tuple[int, list[tuple[str, str]]]]:
    """Yields (port, the (path, Host header) of every request received). A POST is
    answered the same way, its body appended to `bodies` when given."""
    seen: list[tuple[str, str]] = []

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            seen.append((self.path, self.headers.get("Host", "")))
            status, headers, body = respond(self.path)
            self.send_response(status)
            for name, value in {"Content-Length": str(len(body)), **headers}.items():
                self.send_header(name, value)
            self.end_headers()
            self.wfile.write(body)

        def do_POST(self) -> None:
            body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
            if bodies is not None:
                bodies.append(body)
            self.do_GET()

        def log_message(self, *args: object) -> None:
            pass

    server = http.server.HTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield server.server_port, seen
    finally:
        server.shutdown()
