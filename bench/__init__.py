"""The benchmark harness behind `scripts/task bench`: see `python -m bench --help` and the
README's Performance section."""
