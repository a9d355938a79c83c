"""The benchmark harness behind `scripts/task bench`: see `python -m bench --help` and
docs/performance.md (the history of runs: bench/RESULTS.md)."""
