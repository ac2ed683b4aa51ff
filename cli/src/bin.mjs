// `origin-regions`: the package's command (bundled into pkg/cli.mjs).
import { main } from './main.mjs';

// A reader that stops early (`| head`) is not a failure of the command.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (e) => {
    if (e.code === 'EPIPE') process.exit(0);
    throw e;
  });
}

/* global __ORIGIN_REGIONS_VERSION__ -- set by scripts/build-cli.sh from package.json */
const version = typeof __ORIGIN_REGIONS_VERSION__ === 'string' ? __ORIGIN_REGIONS_VERSION__ : 'dev';
const code = await main(process.argv.slice(2), {
  stdout: process.stdout,
  stderr: process.stderr,
  stdin: process.stdin,
  env: process.env,
  version,
});
process.exitCode = code;
// Idle keep-alive sockets must not hold the exit back; output is flushed by
// then (stdout and stderr are synchronous for files, pipes and terminals on Linux).
setTimeout(() => process.exit(code), 100).unref();
