"""Ours ÷ the reference router in the report: the ratios and the two budgets per mode."""

from bench.report import Row, budgets, table, versus_reference


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
