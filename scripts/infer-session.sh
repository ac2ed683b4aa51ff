#!/usr/bin/env bash
# A bare list of origin IPs through `infer`, `plan` and `apply` against the
# local API stand-in, each command printed before its output (README.md,
# "Command line"). Uses the sample range files of tests/fixtures/ranges under
# the names the vendors publish them by. Run after scripts/build.sh:
#   bash scripts/infer-session.sh        (the stand-in on port 8790, or $MOCK_API_PORT)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
[ -f "$root/pkg/cli.mjs" ] || { echo "infer-session: pkg/ is not built (scripts/build.sh builds it)" >&2; exit 1; }
port=${MOCK_API_PORT:-8790}
work=$(mktemp -d)
node "$root/tests/mock-api/server.mjs" --seed --port "$port" >"$work/stand-in.log" 2>&1 &
api=$!
trap 'kill $api 2>/dev/null; rm -rf "$work"' EXIT
for _ in $(seq 50); do grep -q 'http://' "$work/stand-in.log" && break; sleep 0.1; done

cd "$work"
fixtures=$root/tests/fixtures/ranges
cp "$fixtures/aws-ip-ranges.json" ip-ranges.json
cp "$fixtures/gcp-cloud.json" cloud.json
cp "$fixtures/azure-service-tags.json" ServiceTags_Public_20251201.json
cp "$fixtures/oci-public_ip_ranges.json" public_ip_ranges.json
printf '%s\n' '# origins of shop.example.com' 52.94.76.10 3.5.140.9 2600:1F14:0:0::20 \
  20.42.7.1 35.185.130.1 130.61.2.3 192.0.2.77 52.94.76.10 >origins.txt

export CLOUDFLARE_API_TOKEN=test-token CLOUDFLARE_ZONE_ID=023e105f4ecef8ad9ca31a8372d0c353
origin-regions() { node "$root/pkg/cli.mjs" "$@"; }
base="--base-url http://127.0.0.1:$port/client/v4"
# Prints a command, runs it, and prints its exit status when it is not 0.
show() {
  echo "\$ $1"
  local status=0
  eval "$1" 2>&1 || status=$?
  [ "$status" -eq 0 ] || echo "(exit status $status)"
}
show "cat origins.txt"
show "origin-regions regions --format json $base > regions.json"
show "origin-regions infer origins.txt --aws ip-ranges.json --gcp cloud.json --azure ServiceTags_Public_20251201.json --oci public_ip_ranges.json --regions regions.json > origins.csv"
show "cat origins.csv"
show "origin-regions plan origins.csv $base"
show "origin-regions apply origins.csv --yes $base"
show "origin-regions plan origins.csv $base"
