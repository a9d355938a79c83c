"""The reference router: its configuration, the real gateway on it, and the check that it
answers like ours."""

import tomllib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from bench import reference, stacks
from scripts.stack import Service, Stack, free_port
from subgraphs.kit.registry import sdl_path, subgraph_names
from tests.stub_server import StubServer


def test_every_subgraph_of_the_supergraph_with_its_sdl_and_the_url_the_bench_gives():
    env = {"SUBGRAPH_USERS_URL": "http://127.0.0.1:9001/graphql"}
    graphs = reference.subgraphs(reference.SUPERGRAPH, env)

    config = tomllib.loads(reference.grafbase_toml(9000, graphs))

    assert set(config["subgraphs"]) == set(subgraph_names())
    for name, subgraph in config["subgraphs"].items():
        assert Path(subgraph["schema_path"]) == sdl_path(name)
    assert config["subgraphs"]["users"]["url"] == "http://127.0.0.1:9001/graphql"
    assert config["subgraphs"]["files"]["url"] == "http://127.0.0.1:4001/files/graphql"
    assert config["network"]["listen_address"] == "127.0.0.1:9000"


def test_the_token_goes_to_every_subgraph_and_json_posts_pass():
    config = tomllib.loads(reference.grafbase_toml(9000, {}))

    assert {"rule": "forward", "name": "authorization"} in config["headers"]
    assert config["csrf"]["enabled"] is False
    assert config["health"] == {"enabled": True, "path": "/health"}


def test_a_subgraph_without_its_sdl_beside_the_supergraph_is_refused(tmp_path: Path):
    supergraph = tmp_path / "supergraph.graphql"
    supergraph.write_text('enum join__Graph { A @join__graph(name: "a", url: "http://a") }')

    with pytest.raises(FileNotFoundError, match="no SDL"):
        reference.subgraphs(supergraph, {})


def _answering(answers: dict[str, dict[str, Any]]) -> Any:
    def post(url: str, **_: Any) -> httpx.Response:
        return httpx.Response(200, json=answers[url])

    return post


def test_the_same_data_passes(monkeypatch: pytest.MonkeyPatch):
    same = {"data": {"me": {"id": "1"}}}
    monkeypatch.setattr(httpx, "post", _answering({"ours": same, "theirs": same}))

    reference.check("ours", "theirs", "token", "{ me { id } }")


def test_other_data_or_errors_stop_the_bench(monkeypatch: pytest.MonkeyPatch):
    ours = {"data": {"me": {"id": "1"}}}
    other = {"data": {"me": {"id": "2"}}}
    refused = {"data": None, "errors": [{"message": "UNAUTHENTICATED"}]}

    monkeypatch.setattr(httpx, "post", _answering({"ours": ours, "theirs": other}))
    with pytest.raises(SystemExit, match="answers the Dashboard differently"):
        reference.check("ours", "theirs", "token", "{ me { id } }")
    monkeypatch.setattr(httpx, "post", _answering({"ours": ours, "theirs": refused}))
    with pytest.raises(SystemExit, match=r"(?s)the reference router .* forward"):
        reference.check("ours", "theirs", "token", "{ me { id } }")


@pytest.fixture(scope="module")
def fake_users() -> Iterator[StubServer]:
    """A users subgraph that answers every request with one `me` and keeps the headers."""
    with StubServer(lambda: {"data": {"me": {"fullName": "U One"}}}) as server:
        yield server


def test_grafbase_composes_our_subgraphs_offline_and_forwards_the_token(
    fake_users: StubServer, tmp_path: Path
):
    """The pinned binary (npm ci, a few seconds) on the committed SDLs; a dead port elsewhere."""
    stacks.npm_ci(reference.GRAFBASE)
    port = free_port()
    env = {
        f"SUBGRAPH_{name.upper()}_URL": "http://127.0.0.1:9/graphql" for name in subgraph_names()
    }
    env |= {
        "SUBGRAPH_USERS_URL": fake_users.url,
        "ROUTER_PORT": str(port),
        "DATA_DIR": str(tmp_path),
    }
    assert stacks.GRAFBASE.argv is not None
    ready = f"http://127.0.0.1:{port}{stacks.GRAFBASE.ready_path}"
    service = Service("grafbase", list(stacks.GRAFBASE.argv), ready, env, tmp_path / "log")

    with Stack([service], timeout=60):
        answer = httpx.post(
            f"http://127.0.0.1:{port}/graphql",
            json={"query": "{ me { fullName } }"},
            headers={"Authorization": "Bearer a-token"},
        )

    assert answer.json() == {"data": {"me": {"fullName": "U One"}}}
    assert fake_users.headers[-1]["authorization"] == "Bearer a-token"
    assert (tmp_path / f"grafbase-{port}.toml").exists()
