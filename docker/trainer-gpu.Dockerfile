# syntax=docker/dockerfile:1
# A TransferLab trainer on an NVIDIA GPU: `transferlab worker` on @tensorflow/tfjs-node-gpu.
#
# @tensorflow/tfjs-node-gpu 4.22 downloads libtensorflow 2.9.1 (GPU build) at install time, and
# TensorFlow 2.9 is built against CUDA 11.2 and cuDNN 8.1, so the base is NVIDIA's CUDA 11.2 runtime
# image with cuDNN 8. The host needs an NVIDIA driver for CUDA 11.2 (460 or newer) and the NVIDIA
# Container Toolkit (for --gpus).
#
# Build from the repository root; the build context is the whole workspace:
#   docker build -f docker/trainer-gpu.Dockerfile -t transferlab-trainer-gpu .
# Run, on any host with a GPU that can reach the API:
#   docker run -d --gpus all -v transferlab-trainer:/data -e TRANSFERLAB_API_URL=http://api-host:4000 \
#     -e TRANSFERLAB_WORKER_TOKEN=… transferlab-trainer-gpu
# Its log's first line says "backend 'tensorflow' on GPU (CUDA)" when it found the GPU.

ARG NODE_VERSION=20.20
ARG PNPM_VERSION=10.34.9
ARG TURBO_VERSION=2.11.11
ARG CUDA_IMAGE=nvidia/cuda:11.2.2-cudnn8-runtime-ubuntu20.04

# Node and the workspace's pinned pnpm, installed with npm (corepack is not relied on). The CUDA
# stages below copy Node from here: the official Node 20 binaries need glibc 2.28, and Ubuntu
# 20.04 has 2.31.
FROM node:${NODE_VERSION}-bookworm-slim AS node-dist
ARG PNPM_VERSION
RUN npm install --global --no-audit --no-fund pnpm@${PNPM_VERSION}

# Only the trainer and the workspace packages it depends on, with a lockfile cut down to match.
FROM node-dist AS pruner
ARG TURBO_VERSION
ENV TURBO_TELEMETRY_DISABLED=1
WORKDIR /repo
RUN npm install --global --no-audit --no-fund turbo@${TURBO_VERSION}
COPY . .
RUN turbo prune @transferlab/trainer --docker --out-dir /out

# The CUDA + cuDNN base with the same Node (and pnpm) as every other image.
FROM ${CUDA_IMAGE} AS cuda-node
COPY --from=node-dist /usr/local/bin/ /usr/local/bin/
COPY --from=node-dist /usr/local/lib/node_modules/ /usr/local/lib/node_modules/
COPY --from=node-dist /usr/local/include/node/ /usr/local/include/node/

# Dependencies are installed on the same Ubuntu as the runner, so a binding that node-pre-gyp has
# to compile links against the C library it will run with. Only esbuild (tsx) and
# @tensorflow/tfjs-node-gpu run install scripts; the latter downloads the GPU libtensorflow
# (internet needed at build time), and verify-native fails the build if it did not arrive or if the
# base image lacks the CUDA and cuDNN libraries that libtensorflow 2.9 opens. NVIDIA's apt sources
# are dropped: nothing is needed from them, and old CUDA images ship expired repository keys.
FROM cuda-node AS installer
ENV CI=true DEBIAN_FRONTEND=noninteractive
RUN rm -f /etc/apt/sources.list.d/cuda*.list /etc/apt/sources.list.d/nvidia-ml*.list \
 && apt-get update \
 && apt-get install -y --no-install-recommends ca-certificates python3 make g++ \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY --from=pruner /out/json/ ./
RUN --mount=type=cache,id=transferlab-pnpm-store,target=/pnpm/store \
    pnpm install --frozen-lockfile --prod --ignore-scripts --store-dir /pnpm/store \
 && pnpm rebuild --recursive esbuild @tensorflow/tfjs-node-gpu
COPY --from=pruner /out/full/ ./
COPY docker/scripts/ /opt/transferlab/
RUN node /opt/transferlab/verify-native.mjs @tensorflow/tfjs-node-gpu --from packages/ml-core \
      --require-lib libcudart.so.11.0 --require-lib libcublas.so.11 --require-lib libcublasLt.so.11 \
      --require-lib libcufft.so.10 --require-lib libcurand.so.10 --require-lib libcusolver.so.11 \
      --require-lib libcusparse.so.11 --require-lib libcudnn.so.8 \
      --lib-dir /usr/local/cuda/lib64 --lib-dir /usr/local/cuda/targets/x86_64-linux/lib
# onnxruntime-node (ml-core's ONNX runtime) ships its native library for every platform it
# supports, about 300 MB, and loads only the one it runs on. Delete the others here, before the
# runner copies /app, so they never reach the image; the script fails the build instead if this
# platform's binary is missing.
RUN node /opt/transferlab/prune-onnxruntime.mjs /app

FROM cuda-node AS runner
RUN groupadd --system --gid 10001 transferlab \
 && useradd --system --uid 10001 --gid transferlab --home-dir /home/transferlab --create-home transferlab \
 && mkdir -p /data \
 && chown transferlab:transferlab /data
WORKDIR /app
COPY --from=installer /app ./
COPY docker/scripts/ /opt/transferlab/
# TRANSFERLAB_BACKEND names the backend, so a trainer whose libtensorflow does not load fails with
# the reason instead of training on a slower one. TF_FORCE_GPU_ALLOW_GROWTH makes TensorFlow take
# GPU memory as it needs it rather than all of it at start (a GPU shared with other work). On GPUs
# newer than TensorFlow 2.9 was compiled for, the driver compiles its kernels from PTX on first use
# (minutes); CUDA_CACHE_PATH keeps those on the data volume so that happens once, not per container.
ENV NODE_ENV=production TRANSFERLAB_BACKEND=tensorflow-gpu TRANSFERLAB_DATA_DIR=/data \
    TF_FORCE_GPU_ALLOW_GROWTH=true CUDA_CACHE_PATH=/data/cuda-cache CUDA_CACHE_MAXSIZE=2147483648
USER transferlab
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s --retries=3 \
  CMD ["node", "/opt/transferlab/healthcheck.mjs", "process", "apps/trainer/bin/transferlab.js", "worker"]
CMD ["node", "apps/trainer/bin/transferlab.js", "worker"]
