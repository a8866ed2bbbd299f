#!/usr/bin/env bash
# Runs the workspace's pinned pnpm, installing it first when this machine lacks it.
# Only Node and npm are assumed (README). corepack is avoided: its signature check fails offline.
set -euo pipefail
want=$(node -p "require('./package.json').packageManager.split('@')[1]")
if ! command -v pnpm >/dev/null 2>&1 || [ "$(pnpm --version 2>/dev/null)" != "$want" ]; then
  prefix="${PNPM_HOME_PREFIX:-$HOME/.local}"
  echo "installing pnpm $want into $prefix…" >&2
  npm install --global --prefix "$prefix" "pnpm@$want" --no-audit --no-fund >&2
  export PATH="$prefix/bin:$PATH"
fi
exec pnpm "$@"
