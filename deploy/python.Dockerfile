# syntax=docker/dockerfile:1
# One image for every Python process of Job Tracker: each subgraph, the embedded host, the event
# worker and the one-shot migrations. Which one runs is chosen by ROLE (and SUBGRAPH):
#   ROLE=subgraph SUBGRAPH=users   uvicorn subgraphs.users.app:create_app on :$PORT (8000)
#   ROLE=worker                    dramatiq subgraphs.worker (metrics on :$WORKER_METRICS_PORT)
#   ROLE=migrate                   python -m subgraphs.kit.migrations upgrade, then exit
#   ROLE=host                      every subgraph in one process on :$HOST_PORT (4001)
# Build from the repository root: docker build -f deploy/python.Dockerfile -t job-tracker-python .
# Bases are pinned by tag; no digest (none could be checked from this project's machines).

FROM python:3.12-slim-trixie AS build
ENV PIP_NO_CACHE_DIR=1 PIP_DISABLE_PIP_VERSION_CHECK=1 PYTHONDONTWRITEBYTECODE=1
WORKDIR /src
# Only the dependency list first: this layer is rebuilt when pyproject.toml changes, not the code.
COPY pyproject.toml ./
# EMBEDDINGS=false leaves out the resume match's semantic signal (PyTorch's CPU build and the
# all-MiniLM-L6-v2 weights, about 1.5 GB): the match is then the keyword signal alone.
ARG EMBEDDINGS=true
RUN python -m venv /opt/venv \
 && python -c "import os, tomllib; p = tomllib.load(open('pyproject.toml', 'rb'))['project']; print('\n'.join(p['dependencies'] + (p['optional-dependencies']['embeddings'] if os.environ['EMBEDDINGS'] == 'true' else [])))" > requirements.txt \
 && /opt/venv/bin/pip install --no-compile --extra-index-url https://download.pytorch.org/whl/cpu -r requirements.txt
COPY subgraphs/ subgraphs/
COPY supergraph.yaml ./
COPY deploy/entrypoint.sh deploy/healthcheck.py deploy/
RUN /opt/venv/bin/python -m compileall -q subgraphs /opt/venv/lib

FROM python:3.12-slim-trixie AS runtime
ENV PATH=/opt/venv/bin:$PATH \
    PYTHONUNBUFFERED=1 \
    PYTHONDONTWRITEBYTECODE=1 \
    ENVIRONMENT=production \
    MIGRATE_ON_START=false \
    DATA_DIR=/data \
    HOST_BIND=0.0.0.0 \
    PORT=8000 \
    ROLE=subgraph
RUN groupadd --system --gid 10001 app \
 && useradd --system --uid 10001 --gid app --home-dir /app --shell /usr/sbin/nologin app \
 && install -d -o app -g app -m 0700 /data
WORKDIR /app
COPY --from=build /opt/venv /opt/venv
COPY --from=build /src /app
USER 10001:10001
EXPOSE 8000 9191 4001
HEALTHCHECK --interval=10s --timeout=3s --start-period=20s --retries=3 \
  CMD ["python", "/app/deploy/healthcheck.py"]
ENTRYPOINT ["/app/deploy/entrypoint.sh"]
