#!/bin/sh
# Runs once, when the PostgreSQL volume is new: one database per subgraph, named in
# POSTGRES_DATABASES (docker-compose.yml lists every subgraph of supergraph.yaml there).
# Databases added later (a new subgraph) are created by the migrate service itself.
set -eu
for name in $(echo "${POSTGRES_DATABASES:-}" | tr ',' ' '); do
  echo "creating database $name"
  psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname "$POSTGRES_DB" \
    -c "CREATE DATABASE \"$name\" OWNER \"$POSTGRES_USER\""
done
