#!/bin/sh
# The Python image's entry point: ROLE picks the process (see deploy/python.Dockerfile).
# Arguments, when given, run instead (docker run ... python -m scripts.seed).
set -eu
if [ "$#" -gt 0 ]; then
  exec "$@"
fi
case "${ROLE:-subgraph}" in
  subgraph)
    : "${SUBGRAPH:?set SUBGRAPH to one of the names in supergraph.yaml}"
    python - "$SUBGRAPH" <<'PY'
import sys
from subgraphs.kit.registry import subgraph_names
if sys.argv[1] not in subgraph_names():
    sys.exit(f"SUBGRAPH={sys.argv[1]!r} is not in supergraph.yaml: {', '.join(subgraph_names())}")
PY
    # --no-proxy-headers: the client's address comes from TRUSTED_PROXIES (kit.addresses).
    # --timeout-keep-alive: kit.edge.KEEP_ALIVE_SECONDS, idle connections are the router's to close
    # (tests/federation/test_keep_alive.py holds the two equal).
    # --ws-max-size: WebSocket frames over the body limit refused (1009) before they are read.
    exec uvicorn "subgraphs.${SUBGRAPH}.app:create_app" --factory \
      --host 0.0.0.0 --port "${PORT:-8000}" --workers "${WEB_CONCURRENCY:-1}" \
      --timeout-keep-alive 75 --ws-max-size "${SUBGRAPH_MAX_BODY_BYTES:-2097152}" \
      --no-proxy-headers --no-access-log --log-level "$(echo "${LOG_LEVEL:-info}" | tr 'A-Z' 'a-z')"
    ;;
  worker)
    exec dramatiq subgraphs.worker --processes 1 --threads "${WORKER_THREADS:-4}"
    ;;
  migrate)
    exec python -m subgraphs.kit.migrations upgrade
    ;;
  host)
    exec python -m subgraphs.host
    ;;
  *)
    echo "ROLE must be subgraph, worker, migrate or host; got '${ROLE:-}'" >&2
    exit 64
    ;;
esac
