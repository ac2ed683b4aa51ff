#!/usr/bin/env bash
# Runs every test layer: the native core, the stand-in's own suite, and the
# compiled wasm in Node and in headless Chromium against the stand-in. Each
# layer prints how many tests it ran; a layer that ran none fails the run.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"
# Installs whatever is missing (the wasm target, wasm-pack, wasm-bindgen-cli,
# Chromium, the JS tooling); skips what is there.
bash scripts/setup.sh
logs=$(mktemp -d)
mock_pid=
cleanup() { [ -n "$mock_pid" ] && kill "$mock_pid" 2>/dev/null; rm -rf "$logs"; }
trap cleanup EXIT

declare -a summary=()
total=0

# count LAYER LOG PATTERN: sums the numbers the runner printed; fails on zero.
count() {
  local layer=$1 log=$2 n
  n=$(grep -aEo "$3" "$log" | grep -Eo '[0-9]+' | awk '{s+=$1} END {print s+0}')
  if [ "$n" -eq 0 ]; then
    echo "test: layer '$layer' ran no test: failing the run" >&2
    exit 1
  fi
  summary+=("$(printf '%-28s %5d passed' "$layer" "$n")")
  total=$((total + n))
}

echo "== native core (cargo test)"
cargo test --quiet 2>&1 | tee "$logs/native"
count "native core" "$logs/native" 'test result: ok\. [0-9]+ passed'

echo "== local API stand-in (node --test)"
node --test tests/mock-api/ 2>&1 | tee "$logs/mock" | grep -E '^# (pass|fail)' || true
grep -aq '^# fail 0' "$logs/mock" || { cat "$logs/mock"; exit 1; }
count "stand-in" "$logs/mock" '^# pass [0-9]+'

echo "== starting the stand-in for the wasm layers"
node tests/mock-api/server.mjs --port 0 >"$logs/mock-server" 2>&1 &
mock_pid=$!
for _ in $(seq 50); do grep -q 'listening on' "$logs/mock-server" && break; sleep 0.1; done
ORIGIN_REGIONS_MOCK_URL=$(grep -Eo 'http://[^ ]+/client/v4' "$logs/mock-server") || {
  cat "$logs/mock-server"; exit 1; }
export ORIGIN_REGIONS_MOCK_URL
echo "stand-in at $ORIGIN_REGIONS_MOCK_URL"

echo "== wasm in Node (wasm-pack test --node)"
wasm-pack test --node --test wasm_node 2>&1 | tee "$logs/node" | grep -E '^(test result|running)' || true
grep -q 'test result: ok' "$logs/node" || { cat "$logs/node"; exit 1; }
count "wasm in Node" "$logs/node" 'test result: ok\. [0-9]+ passed'

echo "== wasm in headless Chromium (wasm-pack test --headless --chrome)"
CHROMEDRIVER=/usr/bin/chromedriver wasm-pack test --headless --chrome --test wasm_browser 2>&1 \
  | tee "$logs/browser" | grep -E '^(test result|running)' || true
grep -q 'test result: ok' "$logs/browser" || { cat "$logs/browser"; exit 1; }
count "wasm in Chromium" "$logs/browser" 'test result: ok\. [0-9]+ passed'

echo "== reliability: faults, concurrency, secrets, abusive input, IP differential vs Node (node --test)"
bash scripts/build.sh
node --test tests/js/ 2>&1 | tee "$logs/reliability" | grep -aE '^(# (pass|fail)|\[reliability\])' || true
grep -aq '^# fail 0' "$logs/reliability" || { cat "$logs/reliability"; exit 1; }
count "reliability (Node)" "$logs/reliability" '^# pass [0-9]+'

echo "== packaging (npm pack → Node ESM/CJS, workerd, Vite, plain page, tsc, publint, attw)"
bash scripts/package-test.sh 2>&1 | tee "$logs/packaging" | grep -E '^(FAIL|==|[0-9]+ passed)' || true
grep -Eq '^[0-9]+ passed, 0 failed$' "$logs/packaging" || { cat "$logs/packaging"; exit 1; }
count "packaging" "$logs/packaging" '^[0-9]+ passed, 0 failed$'

echo "== command line (node --test cli/test/: the origin-regions bin as a process against the stand-in)"
node --test cli/test/ 2>&1 | tee "$logs/cli" | grep -E '^# (pass|fail)' || true
grep -aq '^# fail 0' "$logs/cli" || { cat "$logs/cli"; exit 1; }
count "command line" "$logs/cli" '^# pass [0-9]+'

echo "== fleet Worker in workerd (Miniflare: Cron Trigger, Queues, Durable Object, KV, R2; against the stand-in)"
(cd fleet && node scripts/build.mjs && node --test --test-concurrency=1 test/*.test.mjs) 2>&1 | tee "$logs/fleet" \
  | grep -aE '^(# (pass|fail)|# \[fleet\])' || true
grep -aq '^# fail 0' "$logs/fleet" || { cat "$logs/fleet"; exit 1; }
count "fleet Worker (workerd)" "$logs/fleet" '^# pass [0-9]+'

echo "== demo page end to end (playwright-core in headless Chromium, axe-core)"
# axe-core, pinned by tests/www/package-lock.json, is used by these tests only.
if [ ! -d tests/www/node_modules ] || [ tests/www/package-lock.json -nt tests/www/node_modules/.package-lock.json ]; then
  (cd tests/www && npm ci --no-audit --no-fund --loglevel=error)
fi
node --test tests/www/ 2>&1 | tee "$logs/www" | grep -E '^# (pass|fail)' || true
grep -aq '^# fail 0' "$logs/www" || { cat "$logs/www"; exit 1; }
count "demo page (e2e)" "$logs/www" '^# pass [0-9]+'

echo
echo "== summary"
printf '%s\n' "${summary[@]}"
echo "$total passed, 0 failed"
