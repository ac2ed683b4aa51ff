#!/usr/bin/env bash
# Bundles the command line (cli/src, with its CSV library) into pkg/cli.mjs,
# the package's `bin`. The library itself is not bundled: the command imports
# it through the package's Node entries (./node.mjs, ./ranges/node.mjs), so the package keeps no
# dependency and nothing of the command reaches a page or a Worker that
# imports the library.
set -euo pipefail
cd "$(dirname "$0")/.."
[ -f pkg/node.mjs ] || { echo "build-cli: pkg/ is not built (scripts/build.sh builds it)" >&2; exit 1; }
if [ ! -d cli/node_modules ] || [ cli/package-lock.json -nt cli/node_modules/.package-lock.json ]; then
  (cd cli && npm ci --no-audit --no-fund --loglevel=error)
fi
node --input-type=module - <<'JS'
import { readFileSync, chmodSync } from 'node:fs';
import { build } from './scripts/node_modules/esbuild/lib/main.js';
const { version } = JSON.parse(readFileSync('pkg/package.json', 'utf8'));
await build({
  entryPoints: ['cli/src/bin.mjs'],
  outfile: 'pkg/cli.mjs',
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node18',
  banner: { js: '#!/usr/bin/env node' },
  define: { __ORIGIN_REGIONS_VERSION__: JSON.stringify(version) },
  legalComments: 'inline',
  logLevel: 'warning',
  plugins: [{
    name: 'library-through-package-entry',
    setup(b) {
      b.onResolve({ filter: /^origin-regions$/ }, () => ({ path: './node.mjs', external: true }));
      b.onResolve({ filter: /^origin-regions\/ranges$/ }, () => ({ path: './ranges/node.mjs', external: true }));
    },
  }],
});
chmodSync('pkg/cli.mjs', 0o755);
JS
echo "build-cli: pkg/cli.mjs ready ($(wc -c <pkg/cli.mjs) bytes)"
