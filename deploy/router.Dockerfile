# syntax=docker/dockerfile:1
# The router: Hive Gateway with router/gateway.config.ts, the composed supergraph and the trusted
# documents. Build from the repository root:
#   docker build -f deploy/router.Dockerfile -t job-tracker-router .
# Every setting is an environment variable (router/settings.ts); give it SUBGRAPH_<NAME>_URL per
# subgraph (or SUBGRAPHS_BASE_URL) and JWKS_URL. Bases are pinned by tag (no digest could be
# checked from this project's machines).

FROM node:22-bookworm-slim AS build
ENV NPM_CONFIG_UPDATE_NOTIFIER=false NPM_CONFIG_FUND=false NPM_CONFIG_AUDIT=false
WORKDIR /app/router
COPY router/package.json router/package-lock.json ./
RUN npm ci --omit=dev --loglevel=error && npm cache clean --force

FROM node:22-bookworm-slim AS runtime
ENV NODE_ENV=production \
    ENVIRONMENT=production \
    ROUTER_HOST=0.0.0.0 \
    ROUTER_PORT=4000 \
    LOG_JSON=1
WORKDIR /app
COPY --from=build --chown=root:root /app/router/node_modules router/node_modules
COPY router/*.ts router/package.json router/
COPY schema/supergraph.graphql schema/
COPY tests/graphql/ tests/graphql/
# The image's own `node` user (uid 1000), never root.
USER 1000:1000
EXPOSE 4000
HEALTHCHECK --interval=10s --timeout=3s --start-period=20s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.ROUTER_PORT||4000)+'/healthcheck').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
ENTRYPOINT ["node", "router/node_modules/.bin/hive-gateway", "supergraph", "-c", "router/gateway.config.ts"]
