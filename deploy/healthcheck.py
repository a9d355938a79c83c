"""The Python image's HEALTHCHECK: the health endpoint of whichever ROLE the container runs."""

import os
import sys
import urllib.request

ROLE = os.environ.get("ROLE", "subgraph")
URLS = {
    "subgraph": f"http://127.0.0.1:{os.environ.get('PORT', '8000')}/health/ready",
    "host": f"http://127.0.0.1:{os.environ.get('HOST_PORT', '4001')}/health/ready",
    "worker": f"http://127.0.0.1:{os.environ.get('WORKER_METRICS_PORT', '9191')}/metrics",
}

if ROLE not in URLS:  # migrate: a one-shot job, healthy while it runs
    sys.exit(0)
try:
    with urllib.request.urlopen(URLS[ROLE], timeout=2) as response:
        sys.exit(0 if response.status == 200 else 1)
except OSError as error:
    sys.exit(f"{URLS[ROLE]}: {error}")
