"""Ours ÷ the reference router in the report: the ratios and the two budgets per mode."""

import math

import pytest

from bench.driver import Measurement, merged
from bench.report import Row, budgets, paired_ratio, table, versus_reference


def _row(target: str, connections: int, p50: float, ops: float) -> Row:
    return Row("split", "dashboard", target, connections, p50, p50, p50, ops, 0, 100)


ROWS = [
    _row("router", 1, 12.0, 80.0),
    _row("reference:grafbase", 1, 10.0, 100.0),
    _row("router", 16, 90.0, 180.0),
    _row("reference:grafbase", 16, 100.0, 200.0),
]


def test_ratios_are_ours_over_the_reference():
    ratios = versus_reference(ROWS)

    assert ratios == [
        {"mode": "split", "scenario": "dashboard", "connections": 1, "reference": "grafbase",
         "p50": 1.2, "ops": 0.8},
        {"mode": "split", "scenario": "dashboard", "connections": 16, "reference": "grafbase",
         "p50": 0.9, "ops": 0.9},
    ]  # fmt: skip
    assert "1.20 / 0.80" in table(ROWS, "split")


def test_budgets_say_met_or_miss_per_mode():
    lines = budgets(ROWS)

    assert any(line.startswith("  met   router p50 ≤ 1.25") and "split" in line for line in lines)
    assert any(line.startswith("  MISS  router ops/s ≥ the reference") for line in lines)


def test_no_reference_no_budget_lines_and_no_ratio_column():
    ours = [row for row in ROWS if row.target == "router"]

    assert not any("reference" in line for line in budgets(ours))
    assert "reference" not in table(ours, "split")


def test_a_reference_without_figures_gives_no_ratio():
    silent = [_row("router", 16, 90.0, 180.0), _row("reference:grafbase", 16, 0.0, 0.0)]

    assert [(r["p50"], r["ops"]) for r in versus_reference(silent)] == [(None, None)]
    assert any(line.startswith("  n/a   router ops/s ≥ the reference") for line in budgets(silent))


def test_slices_measured_in_turn_are_compared_pair_by_pair():
    # The machine halves its speed between the first and the second pair: each pair still
    # says ours takes 1.2 times as long and serves 0.8 times as much.
    ours_p50, theirs_p50 = [12.0, 24.0, 12.0], [10.0, 20.0, 10.0]
    ours_ops, theirs_ops = [80.0, 40.0, 80.0], [100.0, 50.0, 100.0]

    assert paired_ratio(ours_p50, theirs_p50) == pytest.approx(1.2)
    assert paired_ratio(ours_ops, theirs_ops) == pytest.approx(0.8)
    # The reference's row carries them, and they win over its whole figures.
    reference = _row("reference:grafbase", 16, 99.0, 999.0)
    reference.paired_p50, reference.paired_ops = 1.2, 0.8
    ratios = versus_reference([_row("router", 16, 90.0, 180.0), reference])
    assert [(r["p50"], r["ops"]) for r in ratios] == [(1.2, 0.8)]


def test_a_pair_without_figures_of_the_reference_gives_no_ratio():
    assert math.isnan(paired_ratio([12.0], [0.0]))


def test_slices_merge_into_one_measurement():
    slices = [
        Measurement(
            requests=100, seconds=2.0, errors=0, p50_ms=10, p95_ms=20, p99_ms=30, walked=50
        ),
        Measurement(requests=50, seconds=2.0, errors=1, p50_ms=30, p95_ms=60, p99_ms=90, walked=25),
        Measurement(requests=90, seconds=2.0, errors=0, p50_ms=12, p95_ms=25, p99_ms=40, walked=45),
    ]

    whole = merged(slices)

    assert (whole.requests, whole.seconds, whole.errors, whole.walked) == (240, 6.0, 1, 120)
    assert whole.ops == 40.0
    assert (whole.p50_ms, whole.p95_ms, whole.p99_ms) == (12, 25, 40)  # the medians
