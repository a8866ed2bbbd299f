#!/usr/bin/env bash
# The README's first command: install everything and run TransferLab's main job on its
# embedded defaults (for now: a demo training run on a generated dataset, offline).
set -euo pipefail
cd "$(dirname "$0")/.."
export TURBO_TELEMETRY_DISABLED=1
bash scripts/pnpm.sh install --frozen-lockfile
node apps/trainer/bin/transferlab.js demo "$@"
