"""The embedded profile keeps data and the signing key across a restart."""

import httpx
import pytest

from scripts.stack import Stack, free_port, host_service
from subgraphs.kit.registry import subgraph_names
from tests.clients import GraphQL
from tests.factories import create_application, sign_up

pytestmark = pytest.mark.federation


def start_host(port: int, data) -> Stack:
    return Stack(
        [
            host_service(
                port, env={"DATA_DIR": str(data), "LOG_LEVEL": "warning"}, log=data / "host.log"
            )
        ]
    )


async def test_data_and_tokens_survive_a_restart(tmp_path):
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    with start_host(port, tmp_path):
        async with httpx.AsyncClient(base_url=base) as client:
            account = await sign_up(GraphQL(client, "/users/graphql"))
            await create_application(
                GraphQL(client, "/applications/graphql"), account, company="Kept Inc"
            )
    # A database per subgraph, and search's index beside its own database
    expected = set(subgraph_names()) | {"search-index"}
    assert {path.stem for path in tmp_path.glob("*.db")} == expected

    with start_host(port, tmp_path):
        async with httpx.AsyncClient(base_url=base) as client:
            apps = GraphQL(client, "/applications/graphql")
            result = await apps(
                "{ applications { edges { node { company } } } }", token=account.token
            )
            assert result.data["applications"]["edges"] == [{"node": {"company": "Kept Inc"}}]


async def test_health_and_metrics_endpoints(tmp_path):
    port = free_port()
    with start_host(port, tmp_path):
        async with httpx.AsyncClient(base_url=f"http://127.0.0.1:{port}") as client:
            ready = (await client.get("/health/ready")).json()
            up = {name: {"database": "up"} for name in subgraph_names()}
            up["files"]["objects"] = "up"  # its object storage (local disk here)
            up["users"]["rate limits"] = "up"  # in-process here; Redis with REDIS_URL
            up["notifications"]["pubsub"] = "up"  # live subscriptions: in-process here
            up["search"]["search"] = "up"  # its index (FTS5 here; Meilisearch with MEILI_URL)
            up["postings"]["rate limits"] = "up"  # URL imports per user: in-process here
            up["contacts"]["rate limits"] = "up"  # e-mails looked up per user: in-process here
            assert ready == {"status": "ok", "subgraphs": up}
            for name in subgraph_names():
                assert (await client.get(f"/{name}/health/live")).json() == {"status": "ok"}
                own = (await client.get(f"/{name}/health/ready")).json()
                assert own == {"status": "ok", "stores": up[name]}
            await client.post("/users/graphql", json={"query": "{ me { id } }"})
            metrics = (await client.get("/users/metrics")).text
            assert (
                'subgraph_graphql_errors_total{code="UNAUTHENTICATED",subgraph="users"}' in metrics
            )
            assert "subgraph_request_seconds_bucket" in metrics
