"""A stand-in HTTP service on 127.0.0.1 for the tests: every GET or POST is answered with the JSON
that `answer()` gives at that moment, and each request's headers are kept (names lower-cased)."""

import json
import threading
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import TracebackType
from typing import Any, Self

from scripts.stack import free_port


class StubServer:
    def __init__(self, answer: Callable[[], Any], path: str = "/graphql") -> None:
        self.headers: list[dict[str, str]] = []  # of each request answered, in order
        stub = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                self.rfile.read(int(self.headers.get("content-length", 0)))
                stub.headers.append({k.lower(): v for k, v in self.headers.items()})
                body = json.dumps(answer()).encode()
                self.send_response(200)
                self.send_header("content-type", "application/json")
                self.send_header("content-length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            do_POST = do_GET

            def log_message(self, *_: object) -> None:
                pass

        self.http = ThreadingHTTPServer(("127.0.0.1", free_port()), Handler)
        self.url = f"http://127.0.0.1:{self.http.server_port}{path}"

    @property
    def requests(self) -> int:
        return len(self.headers)

    def __enter__(self) -> Self:
        threading.Thread(target=self.http.serve_forever, daemon=True).start()
        return self

    def __exit__(self, *_: type[BaseException] | BaseException | TracebackType | None) -> None:
        self.http.shutdown()
