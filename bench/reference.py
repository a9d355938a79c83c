"""The reference router: Grafbase's Rust gateway in front of the same subgraphs as ours.

    python -m bench.reference     # what the bench starts (`--reference grafbase`)

It reads the routers' environment contract (ROUTER_PORT, SUPERGRAPH_PATH, SUBGRAPH_<NAME>_URL),
writes `grafbase-<port>.toml` into DATA_DIR (the bench's run directory) and execs `grafbase dev`
from `bench/grafbase/node_modules` (npm `@grafbase/cli-x86_64-unknown-linux-musl`, pinned).
`grafbase dev` composes the graph itself, offline, from the SDL of each subgraph that the
supergraph's `join__Graph` names: the files beside it (`schema/<name>.graphql`). It forwards
the client's `Authorization` header and checks no token itself (the subgraphs do).
Ready: GET /health.
"""

import json
import os
import re
import sys
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import httpx

from scripts.stack import ROOT

GRAFBASE = ROOT / "bench" / "grafbase"
BINARY = GRAFBASE / "node_modules" / "@grafbase" / "cli-x86_64-unknown-linux-musl" / "grafbase"
SUPERGRAPH = ROOT / "schema" / "supergraph.graphql"
CONFIG_DIR = ROOT / ".bench" / "reference"
_JOIN_GRAPH = re.compile(r'@join__graph\(name: "([^"]+)", url: "([^"]+)"\)')


def subgraphs(supergraph: Path, env: Mapping[str, str]) -> dict[str, tuple[str, Path]]:
    """Each subgraph of the supergraph: its URL (SUBGRAPH_<NAME>_URL first) and SDL file."""
    found = {}
    for name, url in _JOIN_GRAPH.findall(supergraph.read_text()):
        sdl = supergraph.parent / f"{name}.graphql"
        if not sdl.exists():
            raise FileNotFoundError(f"subgraph {name!r}: no SDL at {sdl}")
        key = "SUBGRAPH_" + re.sub(r"[^A-Z0-9]", "_", name.upper()) + "_URL"
        found[name] = (env.get(key, url), sdl)
    if not found:
        raise ValueError(f"{supergraph}: no @join__graph, not a supergraph")
    return found


def grafbase_toml(port: int, graphs: Mapping[str, tuple[str, Path]]) -> str:
    """The gateway's configuration: our GraphQL POSTs as they are, the token forwarded."""
    lines = [
        "# Written by bench/reference.py for one benchmark run; not for production.",
        "[network]",
        f'listen_address = "127.0.0.1:{port}"',
        "",
        "[graph]",
        "introspection = true",
        "",
        "[csrf]",  # our clients send JSON POSTs without a CSRF header, like to our router
        "enabled = false",
        "",
        "[health]",
        "enabled = true",
        'path = "/health"',
        "",
        "[[headers]]",  # every subgraph gets the client's token; the subgraphs verify it
        'rule = "forward"',
        'name = "authorization"',
    ]
    for name, (url, sdl) in graphs.items():
        if not re.fullmatch(r"[A-Za-z0-9_-]+", name):
            raise ValueError(f"subgraph name {name!r} is not a TOML bare key")
        lines += ["", f"[subgraphs.{name}]", f"url = {json.dumps(url)}"]
        lines.append(f"schema_path = {json.dumps(str(sdl))}")
    return "\n".join(lines) + "\n"


def check(router_url: str, reference_url: str, token: str, query: str) -> None:
    """One operation through both routers as one user: the `data` must be equal."""
    answers = []
    for who, url in (("our router", router_url), ("the reference router", reference_url)):
        response = httpx.post(
            url, json={"query": query}, headers={"Authorization": f"Bearer {token}"}, timeout=30
        )
        body: dict[str, Any] = response.json()
        if response.status_code != 200 or body.get("errors") or not body.get("data"):
            raise SystemExit(
                f"correctness check: {who} ({url}) answered {response.status_code}"
                f" {json.dumps(body)[:600]}\n(a router that does not forward"
                " `Authorization` gets UNAUTHENTICATED errors here)"
            )
        answers.append(body["data"])
    if answers[0] != answers[1]:
        raise SystemExit(
            "the reference router answers the Dashboard differently from ours:\n"
            f"  ours:      {json.dumps(answers[0])[:600]}\n"
            f"  reference: {json.dumps(answers[1])[:600]}"
        )


def main() -> None:
    env = os.environ
    port = int(env.get("ROUTER_PORT", "5000"))
    graphs = subgraphs(Path(env.get("SUPERGRAPH_PATH", SUPERGRAPH)).resolve(), env)
    config = Path(env.get("DATA_DIR", CONFIG_DIR)) / f"grafbase-{port}.toml"
    config.parent.mkdir(parents=True, exist_ok=True)
    config.write_text(grafbase_toml(port, graphs))
    if not BINARY.exists():
        sys.exit(f"{BINARY} is missing: npm ci --prefix {GRAFBASE}")
    argv = [str(BINARY), "dev", "--config", str(config), "--listen-address", f"127.0.0.1:{port}"]
    os.execv(argv[0], argv)


if __name__ == "__main__":
    main()
