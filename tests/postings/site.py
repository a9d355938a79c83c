"""Recorded job postings served on loopback, with the misbehaving pages the fetch must refuse.

/<name>            fixtures/<name>.html (text/html)
/plain             a posting as text/plain
/redirect?to=URL   302 to URL;   /loop: redirects to itself forever
/big               3 MiB, streamed without Content-Length;  /big-declared: says 3 MiB
/slow              answers after 3 s;   /missing: 404
"""

import hashlib
import re
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import ClassVar
from urllib.parse import parse_qs, urlsplit

FIXTURES = Path(__file__).parent / "fixtures"
PLAIN = b"""Senior Python Developer at Quokka Payments
Location: Remote (EU)
Salary: EUR 70k - 90k a year
We build payment APIs in Python, Django and PostgreSQL.
"""
BIG = 3 * 1024 * 1024


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    seen: ClassVar[list[tuple[str, str | None]]] = []  # (path, If-None-Match)

    def log_message(self, *_: object) -> None:
        pass

    def do_GET(self) -> None:
        parts = urlsplit(self.path)
        name = parts.path.strip("/")
        board = re.fullmatch(r"v1/boards/([\w.-]+)/jobs|v0/postings/([\w.-]+)", name)
        if board:
            return self._board(
                parts.path, "greenhouse" if board[1] else "lever", board[1] or board[2]
            )
        if name == "redirect":
            return self._redirect(parse_qs(parts.query)["to"][0])
        if name == "loop":
            return self._redirect("/loop")
        if name == "plain":
            return self._send(200, PLAIN, "text/plain; charset=utf-8")
        if name == "slow":
            time.sleep(3)
            return self._send(200, b"<html></html>", "text/html")
        if name == "big-declared":
            self.send_response(200)
            self.send_header("Content-Length", str(BIG))
            self.end_headers()
            return None
        if name == "big":
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.send_header("Transfer-Encoding", "chunked")
            self.end_headers()
            chunk = b"<p>" + b"x" * 65_536 + b"</p>"
            try:
                for _ in range(BIG // len(chunk) + 1):
                    self.wfile.write(b"%x\r\n%s\r\n" % (len(chunk), chunk))
                self.wfile.write(b"0\r\n\r\n")
            except OSError:
                pass  # the client stopped reading: as it should
            return None
        page = FIXTURES / f"{name}.html"
        if name and page.is_file():
            return self._send(200, page.read_bytes(), "text/html; charset=utf-8")
        return self._send(404, b"not found", "text/plain")

    def _board(self, path: str, provider: str, board: str) -> None:
        Handler.seen.append((path, self.headers.get("If-None-Match")))
        listing = FIXTURES / f"{provider}-{board}.json"
        if not listing.is_file():
            return self._send(500, b"upstream trouble", "text/plain")
        body = listing.read_bytes()
        etag = f'"{hashlib.sha256(body).hexdigest()[:16]}"'
        if self.headers.get("If-None-Match") == etag:
            self.send_response(304)
            self.send_header("ETag", etag)
            self.send_header("Content-Length", "0")
            self.end_headers()
            return None
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("ETag", etag)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)
        return None

    def _redirect(self, location: str) -> None:
        self.send_response(302)
        self.send_header("Location", location)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def _send(self, status: int, body: bytes, content_type: str) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


@contextmanager
def serving(host: str = "127.0.0.1") -> Iterator[str]:
    """The site on `host` (any 127.x address works on Linux) and a free port: its base URL."""
    server = ThreadingHTTPServer((host, 0), Handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://{host}:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
