"""/readiness: ready while the supergraph is loaded and a subgraph answers; 503 when none does."""

import time

import httpx
import pytest

from scripts.stack import free_port, router_service
from subgraphs.kit.registry import subgraph_names

pytestmark = pytest.mark.federation


async def test_readiness_names_each_subgraph(http):
    response = await http.get("/readiness")
    assert response.status_code == 200
    assert response.json() == {
        "status": "ok",
        "supergraph": "loaded",
        "subgraphs": dict.fromkeys(subgraph_names(), "up"),
    }


def test_readiness_is_503_while_every_subgraph_is_down(tmp_path):
    nowhere = f"http://127.0.0.1:{free_port()}"
    port = free_port()
    router = router_service(
        port, subgraphs_url=nowhere, env={"LOG_LEVEL": "warn"}, log=tmp_path / "router.log"
    )
    router.start()
    try:
        deadline, answer = time.monotonic() + 60, None
        while time.monotonic() < deadline and answer is None:
            try:
                answer = httpx.get(f"http://127.0.0.1:{port}/readiness", timeout=5)
            except httpx.TransportError:
                time.sleep(0.2)
        assert answer is not None, (tmp_path / "router.log").read_text()
        assert answer.status_code == 503
        assert answer.json()["subgraphs"] == dict.fromkeys(subgraph_names(), "down")
        assert httpx.get(f"http://127.0.0.1:{port}/healthcheck").status_code == 200  # alive
    finally:
        router.stop()
