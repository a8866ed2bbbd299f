#!/usr/bin/env bash
# The README's test command: install, then typecheck and lint every package, run every test
# suite, and end with one line totalling them all: "N passed, N failed, N skipped"
# (the typecheck+lint pass counts as one check).
set -uo pipefail
cd "$(dirname "$0")/.."
export TURBO_TELEMETRY_DISABLED=1
bash scripts/pnpm.sh install --frozen-lockfile || exit 1
find apps packages docker -type d -name .test-results -prune -exec rm -rf {} +
bash scripts/pnpm.sh exec turbo run typecheck lint --continue --output-logs=errors-only
checks=$?
bash scripts/pnpm.sh exec turbo run test --continue --concurrency=1 --output-logs=new-only
tests=$?
node scripts/test-summary.mjs --checks-failed=$([ $checks -eq 0 ] && echo 0 || echo 1)
summary=$?
[ $checks -ne 0 ] && exit $checks
[ $tests -ne 0 ] && exit $tests
exit $summary
