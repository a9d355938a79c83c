"""`task up` as a supervisor runs it: signals to its PID, a part that dies, a port in use."""

import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest

from scripts.stack import ROOT, free_port, port_in_use

pytestmark = pytest.mark.federation


@pytest.fixture(autouse=True)
def _web_built(web_build: Path) -> None:
    """`python -m scripts.stack up` serves the web app's build."""


@dataclass
class Up:
    process: subprocess.Popen[bytes]
    host_port: int
    router_port: int
    output: Path
    web_port: int = 0

    def text(self) -> str:
        return self.output.read_text(errors="replace")

    def pid_of(self, marker: str, variable: str, port: int) -> int:
        """The process whose command line has `marker` and whose environment sets variable=port."""
        for entry in Path("/proc").iterdir():
            try:
                cmdline = (entry / "cmdline").read_bytes()
                environ = (entry / "environ").read_bytes().split(b"\0")
            except (OSError, ValueError):
                continue
            if marker.encode() in cmdline and f"{variable}={port}".encode() in environ:
                return int(entry.name)
        raise LookupError(marker)

    def readiness(self) -> int:
        try:
            return httpx.get(
                f"http://127.0.0.1:{self.router_port}/readiness", timeout=3
            ).status_code
        except httpx.HTTPError:
            return 0


def wait_for(condition, timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.2)
    raise AssertionError(f"not {what} after {timeout:.0f} s")


def alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return Path(f"/proc/{pid}/status").read_text().find("State:\tZ") < 0


def start(tmp_path: Path, argv: list[str]) -> Up:
    host_port, router_port, web_port = free_port(), free_port(), free_port()
    env = {
        **os.environ,
        "HOST_PORT": str(host_port),
        "ROUTER_PORT": str(router_port),
        "WEB_PORT": str(web_port),
        "DATA_DIR": str(tmp_path),
        "LOG_LEVEL": "warning",
    }
    output = tmp_path / "up.log"
    with open(output, "wb") as sink:
        process = subprocess.Popen(argv, cwd=ROOT, env=env, stdout=sink, stderr=subprocess.STDOUT)
    up = Up(process, host_port, router_port, output, web_port)
    # Up once the supervisor says so (it too waits for both to be ready), not before.
    wait_for(lambda: "Job Tracker is up" in up.text() or process.poll() is not None, 120, "up")
    assert up.readiness() == 200, up.text()
    return up


@pytest.fixture
def stack_up(tmp_path: Path) -> Iterator[Up]:
    up = start(tmp_path, [sys.executable, "-m", "scripts.stack", "up"])
    yield up
    if up.process.poll() is None:
        up.process.send_signal(signal.SIGTERM)
        up.process.wait(30)


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGINT])
def test_a_signal_to_scripts_task_up_stops_host_and_router(tmp_path, sig):
    up = start(tmp_path, [str(ROOT / "scripts" / "task"), "up"])
    host = up.pid_of("subgraphs.host", "HOST_PORT", up.host_port)
    router = up.pid_of("hive-gateway", "ROUTER_PORT", up.router_port)
    up.process.send_signal(sig)
    assert up.process.wait(30) == 0, up.text()
    assert not alive(host) and not alive(router)
    assert not port_in_use("127.0.0.1", up.host_port)
    assert not port_in_use("127.0.0.1", up.router_port)
    assert not port_in_use("127.0.0.1", up.web_port)
    assert "Traceback" not in up.text()


def test_a_dead_host_is_started_again_and_the_router_stays(stack_up):
    router = stack_up.pid_of("hive-gateway", "ROUTER_PORT", stack_up.router_port)
    host = stack_up.pid_of("subgraphs.host", "HOST_PORT", stack_up.host_port)
    os.kill(host, signal.SIGKILL)
    wait_for(lambda: stack_up.readiness() == 503, 10, "unready while every subgraph is down")
    wait_for(lambda: stack_up.readiness() == 200, 90, "ready again")
    assert "embedded host exited with code -9; starting it again in 1 s" in stack_up.text()
    assert stack_up.pid_of("hive-gateway", "ROUTER_PORT", stack_up.router_port) == router


def test_a_dead_router_is_started_again(stack_up):
    router = stack_up.pid_of("hive-gateway", "ROUTER_PORT", stack_up.router_port)
    os.kill(router, signal.SIGKILL)
    wait_for(lambda: "router started again" in stack_up.text(), 20, "restarted")
    wait_for(lambda: stack_up.readiness() == 200, 90, "ready again")


@pytest.mark.parametrize("variable", ["HOST_PORT", "ROUTER_PORT", "WEB_PORT"])
def test_a_port_in_use_names_the_port_and_the_variable(tmp_path, variable):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        env = {**os.environ, "HOST_PORT": str(free_port()), "ROUTER_PORT": str(free_port())}
        env |= {"WEB_PORT": str(free_port())}
        env |= {variable: str(port), "DATA_DIR": str(tmp_path)}
        done = subprocess.run(
            [sys.executable, "-m", "scripts.stack", "up"],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            timeout=60,
        )
    assert done.returncode == 1
    assert f"Port {port} on 127.0.0.1 is already in use ({variable})" in done.stderr
    assert "Traceback" not in done.stderr


def test_the_web_app_may_post_uploads_to_the_files_route(stack_up):
    """`task up` gives the host the web app's origin (CORS_ORIGINS) and the web app the files
    route's URL (its CSP's connect-src), so a page can post a resume there."""
    origin = f"http://localhost:{stack_up.web_port}"
    asked = {"origin": origin, "access-control-request-method": "POST"}
    files = f"http://127.0.0.1:{stack_up.host_port}/files/objects"
    preflight = httpx.options(files, headers=asked, timeout=10)
    assert preflight.status_code == 204, preflight.text
    assert preflight.headers["access-control-allow-origin"] == origin
    page = httpx.get(f"http://127.0.0.1:{stack_up.web_port}/login", timeout=30)
    connect = next(
        part
        for part in page.headers["content-security-policy"].split("; ")
        if part.startswith("connect-src")
    )
    assert f"http://127.0.0.1:{stack_up.host_port}" in connect.split()
