# syntax=docker/dockerfile:1
# A TransferLab trainer on CPU: `transferlab worker` claims queued runs from the API and trains them
# on native TensorFlow (@tensorflow/tfjs-node, libtensorflow 2.9.1 for CPU). It needs the API's URL
# and a worker token (create one with `transferlab-api worker-token --name NAME`). Weights, the
# feature cache and downloaded images live under TRANSFERLAB_DATA_DIR (/data: mount a volume there).
#
# Build from the repository root; the build context is the whole workspace:
#   docker build -f docker/trainer-cpu.Dockerfile -t transferlab-trainer-cpu .
# Run:
#   docker run -d -v transferlab-trainer:/data -e TRANSFERLAB_API_URL=http://api-host:4000 \
#     -e TRANSFERLAB_WORKER_TOKEN=… transferlab-trainer-cpu

ARG NODE_VERSION=20.20
ARG PNPM_VERSION=10.34.9
ARG TURBO_VERSION=2.11.11

# Node and the workspace's pinned pnpm, installed with npm (corepack is not relied on).
FROM node:${NODE_VERSION}-bookworm-slim AS base
ARG PNPM_VERSION
ENV CI=true TURBO_TELEMETRY_DISABLED=1
RUN npm install --global --no-audit --no-fund pnpm@${PNPM_VERSION}

# Only the trainer and the workspace packages it depends on, with a lockfile cut down to match.
FROM base AS pruner
ARG TURBO_VERSION
WORKDIR /repo
RUN npm install --global --no-audit --no-fund turbo@${TURBO_VERSION}
COPY . .
RUN turbo prune @transferlab/trainer --docker --out-dir /out

# Production dependencies from the pruned lockfile, then the sources. Install scripts run only for
# esbuild (tsx) and @tensorflow/tfjs-node, whose script downloads libtensorflow (internet needed at
# build time); verify-native fails the build if it did not arrive, rather than leaving an image
# that quietly trains on WebAssembly. python3, make and g++ are there in case node-pre-gyp has to
# compile the binding.
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
# TRANSFERLAB_BACKEND names the backend, so a trainer whose libtensorflow does not load fails
# with the reason instead of falling back to a slower one.
ENV NODE_ENV=production TRANSFERLAB_BACKEND=tensorflow TRANSFERLAB_DATA_DIR=/data
USER transferlab
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
  CMD ["node", "/opt/transferlab/healthcheck.mjs", "process", "apps/trainer/bin/transferlab.js", "worker"]
CMD ["node", "apps/trainer/bin/transferlab.js", "worker"]
