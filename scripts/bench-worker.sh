#!/usr/bin/env bash
# Prints the Worker size and cold-start benchmark (scripts/bench-worker.mjs):
# ours vs the official cloudflare SDK (full and tree-shakable) vs one fetch.
# Needs the built package (bash scripts/build.sh). Not a test: it only prints.
set -euo pipefail
cd "$(dirname "$0")/.."
[ -f pkg/package.json ] || { echo "bench: pkg/ is not built; run bash scripts/build.sh" >&2; exit 1; }
[ -x scripts/node_modules/.bin/workerd ] || { echo "bench: JS tooling missing; run bash scripts/setup.sh" >&2; exit 1; }
exec node scripts/bench-worker.mjs "$@"
