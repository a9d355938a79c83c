"""Prometheus' configuration and alert rules, checked by promtool (Debian's `prometheus` package,
installed by `scripts/task setup:promtool`, which the test task runs)."""

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from subgraphs.kit.registry import ROOT

PROMETHEUS = ROOT / "deploy" / "prometheus"
PROMTOOL = shutil.which("promtool")
needs_promtool = pytest.mark.skipif(
    PROMTOOL is None,
    reason="promtool missing: `scripts/task setup:promtool` (apt-get install prometheus) failed",
)


@needs_promtool
def test_the_alert_rules_pass_promtool() -> None:
    assert PROMTOOL is not None
    result = subprocess.run(
        [PROMTOOL, "check", "rules", str(PROMETHEUS / "alerts.yml")],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stdout + result.stderr


@needs_promtool
def test_the_configuration_passes_promtool() -> None:
    assert PROMTOOL is not None
    result = subprocess.run(
        [PROMTOOL, "check", "config", str(PROMETHEUS / "prometheus.yml")],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_slos_have_rules() -> None:
    rules = (PROMETHEUS / "alerts.yml").read_text()
    for alert in (
        "SubgraphErrorBudgetBurn",
        "RouterErrorBudgetBurn",
        "DashboardSlow",
        "EventsDeadLettered",
        "EventsLagging",
        "EventsDeadLettersWaiting",
        "RemindersLate",
    ):
        assert f"alert: {alert}" in rules


def test_grafana_dashboard_is_provisioned_from_the_prometheus_data_source() -> None:
    dashboard = json.loads((ROOT / "deploy/grafana/dashboards/job-tracker.json").read_text())
    assert dashboard["uid"] == "job-tracker" and dashboard["panels"]
    for panel in dashboard["panels"]:
        assert panel["datasource"]["uid"] == "prometheus"
        assert all(target["expr"] for target in panel["targets"])


@needs_promtool
def test_the_dashboard_queries_are_valid_promql(tmp_path: Path) -> None:
    """Each panel's query as a recording rule, so promtool parses it."""
    assert PROMTOOL is not None
    dashboard = json.loads((ROOT / "deploy/grafana/dashboards/job-tracker.json").read_text())
    rules = [
        {"record": f"dashboard:panel{panel['id']}:{target['refId']}", "expr": target["expr"]}
        for panel in dashboard["panels"]
        for target in panel["targets"]
    ]
    path = tmp_path / "dashboard-rules.yml"
    path.write_text(json.dumps({"groups": [{"name": "dashboard", "rules": rules}]}))
    result = subprocess.run(
        [PROMTOOL, "check", "rules", str(path)], capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stdout + result.stderr
