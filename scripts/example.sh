#!/usr/bin/env bash
# The main job until the demo page lands: set up, build the package, then
# drive every client method against the local API stand-in.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
bash scripts/build.sh
node scripts/example.mjs
