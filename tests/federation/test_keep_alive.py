"""Idle keep-alive connections are the router's to close: a subgraph process keeps one open
longer than Node's HTTP agent does (5 s), so the router never writes a request on a socket
the subgraph is closing at that moment ("socket hang up", SUBREQUEST_HTTP_ERROR)."""

import re
import socket
import time
from pathlib import Path

import pytest

from scripts.stack import Stack, free_port, host_service, subgraph_service
from subgraphs.kit.edge import KEEP_ALIVE_SECONDS

pytestmark = pytest.mark.federation

ROOT = Path(__file__).resolve().parents[2]
NODE_AGENT_IDLE_SECONDS = 5  # http.globalAgent's `timeout` in Node 20, the router's fetch


def _get(connection: socket.socket, path: str) -> bytes:
    request = f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: keep-alive\r\n\r\n"
    connection.sendall(request.encode())
    answer = b""
    while b"\r\n\r\n" not in answer or not answer.endswith(b"}"):
        chunk = connection.recv(4096)
        if not chunk:
            break
        answer += chunk
    return answer


def test_an_idle_connection_outlives_the_routers_own_idle_timeout(tmp_path):
    port = free_port()
    env = {"DATA_DIR": str(tmp_path), "LOG_LEVEL": "warning"}
    with Stack([host_service(port, env=env, log=tmp_path / "host.log")]):
        with socket.create_connection(("127.0.0.1", port), timeout=10) as connection:
            assert _get(connection, "/users/health/live").startswith(b"HTTP/1.1 200")
            time.sleep(NODE_AGENT_IDLE_SECONDS + 1.5)
            # uvicorn's default (5 s) had closed it by now: this read would find the end.
            assert _get(connection, "/users/health/live").startswith(b"HTTP/1.1 200")


def test_every_way_of_serving_a_subgraph_uses_the_same_keep_alive():
    assert KEEP_ALIVE_SECONDS > NODE_AGENT_IDLE_SECONDS
    argv = subgraph_service("users", free_port()).argv
    assert argv[argv.index("--timeout-keep-alive") + 1] == str(KEEP_ALIVE_SECONDS)
    entrypoint = (ROOT / "deploy" / "entrypoint.sh").read_text()
    assert re.findall(r"--timeout-keep-alive (\d+)", entrypoint) == [str(KEEP_ALIVE_SECONDS)]
