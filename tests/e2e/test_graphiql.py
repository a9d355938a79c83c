"""In a real browser (Debian chromium): GraphiQL at the router, used as docs/getting-started.md says."""

import subprocess
from pathlib import Path

import pytest

from scripts.stack import Stack, free_port, host_service, router_service

pytestmark = pytest.mark.e2e
HERE = Path(__file__).parent


def test_sign_up_create_and_list_in_graphiql(tmp_path):
    host_port, router_port = free_port(), free_port()
    host_url = f"http://127.0.0.1:{host_port}"
    host = host_service(host_port, env={"DATA_DIR": str(tmp_path)}, log=tmp_path / "host.log")
    router = router_service(router_port, subgraphs_url=host_url, log=tmp_path / "router.log")
    with Stack([host, router]):
        # GraphiQL's page asks for `localhost`; the router listens on 127.0.0.1.
        browser = subprocess.run(
            ["node", str(HERE / "graphiql.mjs"), f"http://localhost:{router_port}", str(tmp_path)],
            capture_output=True,
            text=True,
            timeout=180,
        )
    assert browser.returncode == 0, browser.stdout + browser.stderr
    assert "GraphiQL flow passed" in browser.stdout
    assert (tmp_path / "graphiql.png").stat().st_size > 0
