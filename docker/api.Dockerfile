# syntax=docker/dockerfile:1
# The TransferLab API: GraphQL and live subscriptions (graphql-ws) on one HTTP server, uploads and
# downloads, the run queue. It applies the committed database migrations itself at start (an
# advisory lock serialises replicas that start together) and stores files under
# TRANSFERLAB_DATA_DIR (/data: mount a volume there).
#
# Build from the repository root; the build context is the whole workspace:
#   docker build -f docker/api.Dockerfile -t transferlab-api .
# Run (PostgreSQL via DATABASE_URL; without it the API falls back to an embedded PGlite in /data):
#   docker run -p 4000:4000 -v transferlab-files:/data -e DATABASE_URL=postgres://… \
#     -e TRANSFERLAB_PUBLIC_URL=http://this-host:4000 transferlab-api

ARG NODE_VERSION=20.20
ARG PNPM_VERSION=10.34.9
ARG TURBO_VERSION=2.11.11

# Node and the workspace's pinned pnpm, installed with npm (corepack is not relied on).
FROM node:${NODE_VERSION}-bookworm-slim AS base
ARG PNPM_VERSION
ENV CI=true TURBO_TELEMETRY_DISABLED=1
RUN npm install --global --no-audit --no-fund pnpm@${PNPM_VERSION}

# Only the API and the workspace packages it depends on, with a lockfile cut down to match.
FROM base AS pruner
ARG TURBO_VERSION
WORKDIR /repo
RUN npm install --global --no-audit --no-fund turbo@${TURBO_VERSION}
COPY . .
RUN turbo prune @transferlab/api --docker --out-dir /out

# Production dependencies from the pruned lockfile first (this layer stays cached until a
# package.json or the lockfile changes), then the sources. Install scripts run only for what the
# API needs: esbuild (tsx) and @tensorflow/tfjs-node, whose script downloads libtensorflow 2.9.1 so
# predictions can run on native TensorFlow (the prediction threads pick the fastest backend that
# loads, else WebAssembly). The GPU build is left out: it belongs to the GPU trainer.
# python3, make and g++ are there in case node-pre-gyp has to compile the binding.
FROM base AS installer
RUN apt-get update \
 && apt-get install -y --no-install-recommends ca-certificates python3 make g++ \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY --from=pruner /out/json/ ./
RUN --mount=type=cache,id=transferlab-pnpm-store,target=/pnpm/store \
    pnpm install --frozen-lockfile --prod --ignore-scripts --store-dir /pnpm/store \
 && pnpm rebuild --recursive esbuild @tensorflow/tfjs-node
COPY --from=pruner /out/full/ ./
COPY docker/scripts/ /opt/transferlab/
RUN node /opt/transferlab/verify-native.mjs @tensorflow/tfjs-node --from packages/ml-core --load
# onnxruntime-node (ml-core's ONNX runtime) ships its native library for every platform it
# supports, about 300 MB, and loads only the one it runs on. Delete the others here, before the
# runner copies /app, so they never reach the image; the script fails the build instead if this
# platform's binary is missing.
RUN node /opt/transferlab/prune-onnxruntime.mjs /app

FROM node:${NODE_VERSION}-bookworm-slim AS runner
RUN groupadd --system --gid 10001 transferlab \
 && useradd --system --uid 10001 --gid transferlab --home-dir /home/transferlab --create-home transferlab \
 && mkdir -p /data \
 && chown transferlab:transferlab /data
WORKDIR /app
COPY --from=installer /app ./
COPY docker/scripts/ /opt/transferlab/
ENV NODE_ENV=production HOST=0.0.0.0 PORT=4000 TRANSFERLAB_DATA_DIR=/data
USER transferlab
EXPOSE 4000
HEALTHCHECK --interval=15s --timeout=5s --start-period=60s --retries=3 \
  CMD node /opt/transferlab/healthcheck.mjs http "http://127.0.0.1:${PORT}/healthz"
CMD ["node", "apps/api/bin/transferlab-api.js", "serve"]
