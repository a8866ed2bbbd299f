#!/usr/bin/env bash
# The README's first command: install everything, then run TransferLab on its embedded defaults:
# the dashboard, the API (GraphQL + live subscriptions) on an embedded PGlite database under
# ./.data, and one trainer worker beside it that claims and trains queued runs. Ctrl-C stops all.
set -euo pipefail
cd "$(dirname "$0")/.."
export TURBO_TELEMETRY_DISABLED=1
bash scripts/pnpm.sh install --frozen-lockfile
NEXT_TELEMETRY_DISABLED=1 bash scripts/pnpm.sh exec turbo run build --filter=@transferlab/web --output-logs=errors-only
export TRANSFERLAB_DATA_DIR="${TRANSFERLAB_DATA_DIR:-$PWD/.data}"
export PORT="${PORT:-4000}"
mkdir -p "$TRANSFERLAB_DATA_DIR"
token_file="$TRANSFERLAB_DATA_DIR/worker-token"
api_url="http://127.0.0.1:$PORT"

pids=()
cleanup() { for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done; wait 2>/dev/null || true; }
trap cleanup EXIT INT TERM

node apps/api/bin/transferlab-api.js serve --worker-token-file "$token_file" &
pids+=($!)
for _ in $(seq 1 120); do
  curl -fsS "$api_url/healthz" >/dev/null 2>&1 && break
  sleep 0.5
done
curl -fsS "$api_url/healthz" >/dev/null || { echo "the API did not start; see its log above" >&2; exit 1; }

node apps/trainer/bin/transferlab.js worker --api "$api_url" --token-file "$token_file" --name local-worker &
pids+=($!)

web_port="${WEB_PORT:-3000}"
TRANSFERLAB_API_URL="$api_url" NEXT_TELEMETRY_DISABLED=1 \
  node apps/web/node_modules/next/dist/bin/next start apps/web --port "$web_port" --hostname "${WEB_HOST:-127.0.0.1}" &
pids+=($!)

cat <<MSG

TransferLab is running on its embedded defaults (data in $TRANSFERLAB_DATA_DIR):
  dashboard: http://127.0.0.1:$web_port   (sign up there)
  GraphQL API and subscriptions: $api_url/graphql   (ws://127.0.0.1:$PORT/graphql)
  a trainer worker is claiming queued runs.
Open the dashboard, sign up, create a team and a dataset, drop images in, start a run and
watch it train. Tools can do the same over GraphQL. Ctrl-C stops everything.
For a quick offline training run on the command line instead: npm run demo
MSG
wait -n "${pids[@]}"
