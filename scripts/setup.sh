#!/usr/bin/env bash
# Installs the toolchain this project builds and tests with. Idempotent: each
# step is skipped when what it installs is already there, so CI and a fresh
# clone can run it every time.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"

# The wasm-bindgen CLI must equal the crate version pinned in Cargo.toml.
WBG_VERSION=$(sed -n 's/^wasm-bindgen = { *version = "=\([0-9.]*\)".*/\1/p; s/^wasm-bindgen = "=\([0-9.]*\)"/\1/p' Cargo.toml | head -n1)
[ -n "$WBG_VERSION" ] || { echo "setup: cannot read the pinned wasm-bindgen version from Cargo.toml" >&2; exit 1; }

# The toolchain pinned by rust-toolchain.toml (rustup installs it on first use), with the wasm target.
if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  echo "setup: adding the wasm32-unknown-unknown target"
  rustup target add wasm32-unknown-unknown
fi

if ! command -v wasm-pack >/dev/null; then
  echo "setup: installing wasm-pack (a few minutes, once)"
  cargo install wasm-pack --locked
fi

if [ "$(wasm-bindgen --version 2>/dev/null | awk '{print $2}')" != "$WBG_VERSION" ]; then
  echo "setup: installing wasm-bindgen-cli $WBG_VERSION (a few minutes, once)"
  # Not --locked: its lock file names crate versions the registry here lacks.
  cargo install wasm-bindgen-cli --version "$WBG_VERSION" --force
fi

if ! [ -x /usr/bin/chromium ] || ! [ -x /usr/bin/chromedriver ]; then
  echo "setup: installing Debian's chromium and chromium-driver"
  if [ "$(id -u)" = 0 ]; then SUDO=; else SUDO=sudo; fi
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq chromium chromium-driver >/dev/null
fi

# JS tooling (binaryen's wasm-opt, playwright-core, wrangler, ...) pinned by package-lock.json.
if [ -f scripts/package.json ]; then
  if [ ! -d scripts/node_modules ] || [ scripts/package-lock.json -nt scripts/node_modules/.package-lock.json ]; then
    echo "setup: installing JS tooling"
    (cd scripts && npm ci --no-audit --no-fund --loglevel=error)
  fi
fi
# The command line's CSV library, pinned by cli/package-lock.json (bundled into pkg/cli.mjs).
if [ -f cli/package.json ]; then
  if [ ! -d cli/node_modules ] || [ cli/package-lock.json -nt cli/node_modules/.package-lock.json ]; then
    echo "setup: installing the command line's dependencies"
    (cd cli && npm ci --no-audit --no-fund --loglevel=error)
  fi
fi
# The fleet Worker's tooling (wrangler 4.86.0 and its Miniflare), pinned by fleet/package-lock.json.
if [ -f fleet/package.json ]; then
  if [ ! -d fleet/node_modules ] || [ fleet/package-lock.json -nt fleet/node_modules/.package-lock.json ]; then
    echo "setup: installing the fleet Worker's tooling"
    (cd fleet && npm ci --no-audit --no-fund --loglevel=error)
  fi
fi
echo "setup: toolchain ready"
