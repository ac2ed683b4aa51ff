#!/usr/bin/env bash
# Packaging tests of the built package (run scripts/build.sh first): npm pack
# of pkg/, installed into scratch consumers for Node ESM and CommonJS, a
# wrangler-bundled Worker in workerd, a Vite build and a bundler-free page in
# headless Chromium, tsc, publint and attw. One line per check, then
# "N passed, M failed"; exits non-zero on any failure.
# Options: --keep (keep the scratch projects), --only node-esm,worker,...
set -euo pipefail
cd "$(dirname "$0")/.."
[ -f pkg/package.json ] || { echo "package-test: pkg/ is not built; run bash scripts/build.sh" >&2; exit 1; }
[ -x scripts/node_modules/.bin/wrangler ] || { echo "package-test: JS tooling missing; run bash scripts/setup.sh" >&2; exit 1; }
exec node tests/packaging/run.mjs "$@"
