"""The web app's component tests (Vitest in jsdom): forms, the board, the charts' data shaping."""

import os
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_vitest_component_tests_pass():
    done = subprocess.run(
        ["npm", "run", "--prefix", "web", "--silent", "test"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
        env={**os.environ, "CI": "1", "NO_COLOR": "1"},
    )
    assert done.returncode == 0, done.stdout[-4000:] + done.stderr[-4000:]
    assert " passed" in done.stdout
