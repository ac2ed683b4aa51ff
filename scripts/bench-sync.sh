#!/usr/bin/env bash
# Prints the declarative-sync benchmark of issue 7 (scripts/bench-sync.mjs):
# ours sync()/listAll()/checkMappings vs the official cloudflare SDK and
# ipaddr.js, against the local API stand-in at 100 ms and 0 ms latency.
# Needs the built package (bash scripts/build.sh). Not a test: it only prints.
set -euo pipefail
cd "$(dirname "$0")/.."
[ -f pkg/package.json ] || { echo "bench: pkg/ is not built; run bash scripts/build.sh" >&2; exit 1; }
[ -d scripts/node_modules/cloudflare ] && [ -d scripts/node_modules/ipaddr.js ] ||
  { echo "bench: JS tooling missing; run bash scripts/setup.sh" >&2; exit 1; }
exec node scripts/bench-sync.mjs "$@"
