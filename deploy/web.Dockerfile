# syntax=docker/dockerfile:1
# The web app: a Next.js standalone build (`output: 'standalone'` in web/next.config.*), served by
# its own server.js. Build from the repository root:
#   docker build -f deploy/web.Dockerfile -t job-tracker-web .
# NEXT_PUBLIC_* values are read at build time: pass them as build arguments. Bases are pinned by
# tag (no digest could be checked from this project's machines).

FROM node:22-bookworm-slim AS deps
ENV NPM_CONFIG_UPDATE_NOTIFIER=false NPM_CONFIG_FUND=false NPM_CONFIG_AUDIT=false
WORKDIR /web
COPY web/package.json web/package-lock.json ./
RUN npm ci --loglevel=error

FROM node:22-bookworm-slim AS build
ARG NEXT_PUBLIC_GRAPHQL_URL=http://localhost:4000/graphql
ENV NEXT_TELEMETRY_DISABLED=1 NEXT_PUBLIC_GRAPHQL_URL=$NEXT_PUBLIC_GRAPHQL_URL
WORKDIR /web
COPY --from=deps /web/node_modules node_modules
COPY web/ ./
# Some apps have no public/ folder; the runtime stage copies one either way.
RUN mkdir -p public && npm run build

FROM node:22-bookworm-slim AS runtime
ENV NODE_ENV=production \
    NEXT_TELEMETRY_DISABLED=1 \
    HOSTNAME=0.0.0.0 \
    PORT=3000
WORKDIR /app
# The standalone output holds server.js and only the node_modules it traces as needed.
COPY --from=build --chown=node:node /web/.next/standalone ./
COPY --from=build --chown=node:node /web/.next/static .next/static
COPY --from=build --chown=node:node /web/public public
USER 1000:1000
EXPOSE 3000
HEALTHCHECK --interval=10s --timeout=3s --start-period=20s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.PORT||3000)+'/').then(r=>process.exit(r.status<500?0:1),()=>process.exit(1))"]
CMD ["node", "server.js"]
