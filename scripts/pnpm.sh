#!/usr/bin/env bash
# Runs the workspace's pinned pnpm, installing it first when this machine lacks it.
# Only Node and npm are assumed (README). corepack is avoided: its signature check fails offline.
set -euo pipefail
want=$(node -p "require('./package.json').packageManager.split('@')[1]")
prefix="${PNPM_HOME_PREFIX:-$HOME/.local}"
# An earlier run may have installed it there without that folder being on PATH: reuse it rather than
# reinstalling over a pnpm that another process may be running.
export PATH="$PATH:$prefix/bin"
if ! command -v pnpm >/dev/null 2>&1 || [ "$(pnpm --version 2>/dev/null)" != "$want" ]; then
  echo "installing pnpm $want into $prefix…" >&2
  npm install --global --prefix "$prefix" "pnpm@$want" --no-audit --no-fund >&2
  export PATH="$prefix/bin:$PATH"
fi
exec pnpm "$@"
