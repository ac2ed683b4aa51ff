#!/usr/bin/env bash
# The main job: set up, build the package, then serve the demo page (www/)
# with the package (pkg/) and the local Cloudflare API stand-in, seeded with
# sample mappings. Prints one line with the URL to open; Ctrl-C stops it.
#
#   bash scripts/demo.sh [--port N] [--no-open]      (PORT=0 picks a free port)
#   bash scripts/demo.sh --ranges DIR   the vendors' IP range files for "Suggest
#                                       vendor and region" (default: the samples)
#
# Against a real zone instead of the stand-in (the server forwards
# /client/v4/* there and adds the token; the page never holds it):
#
#   ORIGIN_REGIONS_API_TOKEN=... ORIGIN_REGIONS_ZONE_ID=... bash scripts/demo.sh
#   (ORIGIN_REGIONS_API_BASE defaults to https://api.cloudflare.com/client/v4)
set -euo pipefail
cd "$(dirname "$0")/.."
# Set-up and build chatter goes to stderr: stdout is the one line with the URL.
bash scripts/setup.sh >&2
bash scripts/build.sh >&2
exec node scripts/demo-server.mjs "$@"
