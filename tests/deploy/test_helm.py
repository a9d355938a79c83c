"""charts/job-tracker rendered by Helm's own engine (PyPI helm-python-sdk: the Helm v4 SDK as a C
library; no `helm` CLI is in any registry here) with the default values and the production
example, every manifest validated against the Kubernetes schemas (kubernetes-validate)."""

from pathlib import Path
from typing import Any

import helm_python as helm
import kubernetes_validate
import pytest
import yaml

from subgraphs.kit.registry import ROOT, subgraph_names

CHART = ROOT / "charts" / "job-tracker"
PRODUCTION = yaml.safe_load((CHART / "values-production.example.yaml").read_text())
KUBERNETES = "1.30.0"  # the oldest version still supported when this was written; 1.37 too


def render(values: dict[str, Any] | None) -> list[dict[str, Any]]:
    manifests = helm.Chart.load(CHART).render(values, name="jt", namespace="jt", is_install=True)
    return [doc for text in manifests.values() for doc in yaml.safe_load_all(text) if doc]


@pytest.fixture(scope="module", params=["default values", "production example"])
def manifests(request: pytest.FixtureRequest) -> list[dict[str, Any]]:
    return render(None if request.param == "default values" else PRODUCTION)


def by_kind(manifests: list[dict[str, Any]], kind: str) -> dict[str, dict[str, Any]]:
    return {m["metadata"]["name"]: m for m in manifests if m["kind"] == kind}


def test_helm_lint_finds_no_error() -> None:
    for values in (None, PRODUCTION):
        report = helm.lint(CHART, values, strict=False)
        errors = [m for m in report["messages"] if m["severity"] >= 3]
        assert report["errors"] == [] and errors == []


@pytest.mark.parametrize("version", [KUBERNETES, "1.37.0"])
def test_every_manifest_is_valid_kubernetes(manifests: list[dict[str, Any]], version: str) -> None:
    for manifest in manifests:
        kubernetes_validate.validate(manifest, version, strict=True)


def test_the_validation_can_fail() -> None:
    deployment = next(m for m in render(None) if m["kind"] == "Deployment")
    deployment["spec"]["template"]["spec"]["containers"][0]["ports"][0]["containerPort"] = "http"
    with pytest.raises(kubernetes_validate.ValidationError):
        kubernetes_validate.validate(deployment, KUBERNETES, strict=True)


def test_a_deployment_per_subgraph_of_supergraph_yaml(manifests: list[dict[str, Any]]) -> None:
    deployments = by_kind(manifests, "Deployment")
    assert {f"jt-job-tracker-{name}" for name in subgraph_names()} | {
        "jt-job-tracker-worker",
        "jt-job-tracker-router",
        "jt-job-tracker-web",
    } == set(deployments)
    router = deployments["jt-job-tracker-router"]["spec"]["template"]["spec"]["containers"][0]
    urls = {e["name"]: e.get("value") for e in router["env"]}
    for name in subgraph_names():
        pod = deployments[f"jt-job-tracker-{name}"]["spec"]["template"]["spec"]
        container = pod["containers"][0]
        assert container["livenessProbe"]["httpGet"]["path"] == "/health/live"
        assert container["readinessProbe"]["httpGet"]["path"] == "/health/ready"
        assert container["resources"]["limits"] and container["resources"]["requests"]
        assert pod["securityContext"]["runAsNonRoot"] is True
        assert urls[f"SUBGRAPH_{name.upper()}_URL"] == f"http://jt-job-tracker-{name}:8000/graphql"
        keyed = any(e["name"] == "JWT_PRIVATE_KEY" for e in container["env"])
        assert keyed == (name == "users")
    assert {f"jt-job-tracker-{n}" for n in subgraph_names()} <= set(
        by_kind(manifests, "HorizontalPodAutoscaler")
    )
    assert {f"jt-job-tracker-{n}" for n in subgraph_names()} <= set(
        by_kind(manifests, "PodDisruptionBudget")
    )


def test_overrides_name_only_subgraphs_of_supergraph_yaml() -> None:
    for values in (yaml.safe_load((CHART / "values.yaml").read_text()), PRODUCTION):
        assert set(values["subgraphs"].get("overrides", {})) <= set(subgraph_names())


def test_the_chart_reads_the_repository_s_supergraph_yaml() -> None:
    link = CHART / "supergraph.yaml"
    assert link.is_symlink() and link.resolve() == (ROOT / "supergraph.yaml").resolve()


def test_migrations_run_as_a_hook_before_install_and_upgrade(
    manifests: list[dict[str, Any]],
) -> None:
    job = by_kind(manifests, "Job")["jt-job-tracker-migrate"]
    assert job["metadata"]["annotations"]["helm.sh/hook"] == "pre-install,pre-upgrade"
    env = job["spec"]["template"]["spec"]["containers"][0]["env"]
    assert {"name": "ROLE", "value": "migrate"} in env
    # What it reads exists before it: hooks of a lower weight.
    for kind in ("ConfigMap", "Secret"):
        for name, manifest in by_kind(manifests, kind).items():
            if name.endswith(("-config", "-env")):
                annotations = manifest["metadata"]["annotations"]
                assert int(annotations["helm.sh/hook-weight"]) < 0


def test_subgraphs_accept_traffic_only_from_the_router_and_workers(
    manifests: list[dict[str, Any]],
) -> None:
    policy = by_kind(manifests, "NetworkPolicy")["jt-job-tracker-subgraphs"]["spec"]
    assert policy["podSelector"]["matchLabels"]["app.kubernetes.io/component"] == "subgraph"
    peers = policy["ingress"][0]["from"]
    assert {p["podSelector"]["matchLabels"]["app.kubernetes.io/component"] for p in peers} == {
        "router",
        "worker",
    }


def test_the_production_example_uses_existing_secrets_and_an_ingress() -> None:
    manifests = render(PRODUCTION)
    secrets = by_kind(manifests, "Secret")
    assert secrets == {}
    ingress = by_kind(manifests, "Ingress")["jt-job-tracker"]["spec"]
    paths = {
        p["path"]: p["backend"]["service"]["name"] for p in ingress["rules"][0]["http"]["paths"]
    }
    assert paths == {"/graphql": "jt-job-tracker-router", "/": "jt-job-tracker-web"}


def test_default_values_make_a_signing_key() -> None:
    secret = by_kind(render(None), "Secret")["jt-job-tracker-jwt"]
    assert secret["stringData"]["JWT_PRIVATE_KEY"].startswith("-----BEGIN RSA PRIVATE KEY-----")
    assert Path(CHART / "values.yaml").read_text().count('privateKey: ""') == 1
