# syntax=docker/dockerfile:1
# The TransferLab dashboard (Next.js, `next start`) on port 3000. It calls the API from the server
# at TRANSFERLAB_API_URL; browsers open the live-updates socket to TRANSFERLAB_PUBLIC_API_URL.
#
# Build from the repository root; the build context is the whole workspace:
#   docker build -f docker/web.Dockerfile -t transferlab-web .
# Run:
#   docker run -p 3000:3000 -e TRANSFERLAB_API_URL=http://api-host:4000 \
#     -e TRANSFERLAB_PUBLIC_API_URL=http://api-host:4000 transferlab-web

ARG NODE_VERSION=20.20
ARG PNPM_VERSION=10.34.9
ARG TURBO_VERSION=2.11.11

# Node and the workspace's pinned pnpm, installed with npm (corepack is not relied on).
FROM node:${NODE_VERSION}-bookworm-slim AS base
ARG PNPM_VERSION
ENV CI=true TURBO_TELEMETRY_DISABLED=1 NEXT_TELEMETRY_DISABLED=1
RUN npm install --global --no-audit --no-fund pnpm@${PNPM_VERSION}

# Only the dashboard and the workspace packages it depends on, with a lockfile cut down to match.
FROM base AS pruner
ARG TURBO_VERSION
WORKDIR /repo
RUN npm install --global --no-audit --no-fund turbo@${TURBO_VERSION}
COPY . .
RUN turbo prune @transferlab/web --docker --out-dir /out

# `next build` needs the dev dependencies (TypeScript, types): install everything, then build.
# The environment is read at request time (apps/web/src/env.ts), so the build needs none of it.
FROM base AS builder
WORKDIR /app
COPY --from=pruner /out/json/ ./
RUN --mount=type=cache,id=transferlab-pnpm-store,target=/pnpm/store \
    pnpm install --frozen-lockfile --store-dir /pnpm/store
COPY --from=pruner /out/full/ ./
RUN pnpm --filter @transferlab/web build \
 && rm -rf apps/web/.next/cache

# What `next start` needs at run time: production dependencies only.
FROM base AS deps
WORKDIR /app
COPY --from=pruner /out/json/ ./
RUN --mount=type=cache,id=transferlab-pnpm-store,target=/pnpm/store \
    pnpm install --frozen-lockfile --prod --store-dir /pnpm/store

FROM node:${NODE_VERSION}-bookworm-slim AS runner
RUN groupadd --system --gid 10001 transferlab \
 && useradd --system --uid 10001 --gid transferlab --home-dir /home/transferlab --create-home transferlab
WORKDIR /app
COPY --from=deps /app ./
COPY --from=pruner /out/full/ ./
# Next writes its cache under .next at run time, so the run-time user owns it.
COPY --from=builder --chown=transferlab:transferlab /app/apps/web/.next ./apps/web/.next
COPY docker/scripts/ /opt/transferlab/
WORKDIR /app/apps/web
ENV NODE_ENV=production NEXT_TELEMETRY_DISABLED=1 PORT=3000
USER transferlab
EXPOSE 3000
# The front page answers a signed-out visitor with a redirect to /sign-in without calling the API,
# so this checks the dashboard itself, not the API behind it.
HEALTHCHECK --interval=15s --timeout=5s --start-period=30s --retries=3 \
  CMD node /opt/transferlab/healthcheck.mjs http "http://127.0.0.1:${PORT}/"
# next start listens on PORT; --hostname 0.0.0.0 makes it reachable from outside the container.
CMD ["node", "node_modules/next/dist/bin/next", "start", "--hostname", "0.0.0.0"]
