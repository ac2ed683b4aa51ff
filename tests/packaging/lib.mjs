// Helpers for run.mjs (and scripts/bench-worker.mjs): child processes, a
// static file server, the dev tooling in scripts/node_modules, packing and
// installing the package into scratch projects.
import { spawn } from 'node:child_process';
import { createServer } from 'node:http';
import { createReadStream, existsSync, statSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, extname, join, normalize, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
export const pkgDir = join(repoRoot, 'pkg');
export const toolsDir = join(repoRoot, 'scripts');
/** `require` for the pinned dev tooling (miniflare, playwright-core, esbuild). */
export const requireTool = createRequire(join(toolsDir, 'package.json'));
export const bin = (name) => join(toolsDir, 'node_modules', '.bin', name);
export const CHROMIUM = '/usr/bin/chromium';
export const CHROMIUM_ARGS = [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
  '--disable-component-update', '--disable-sync', '--no-first-run',
];

/** Environment for wrangler: no metrics, no banner (whose update check asks the registry), logs kept out of $HOME. */
export function wranglerEnv(logDir) {
  return {
    ...process.env,
    WRANGLER_SEND_METRICS: 'false',
    WRANGLER_SEND_ERROR_REPORTS: 'false',
    WRANGLER_HIDE_BANNER: 'true',
    WRANGLER_LOG_PATH: logDir,
    CI: '1',
  };
}

/**
 * Runs a command to completion: { code, stdout, stderr }. Never rejects for a
 * non-zero exit; kills the child (by its own pid) past `timeoutMs`.
 */
export function run(cmd, args, { cwd, env, timeoutMs = 180_000, input } = {}) {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(cmd, args, { cwd, env: env ?? process.env, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d) => (stderr += d));
    const timer = setTimeout(() => {
      stderr += `\n[killed after ${timeoutMs} ms]`;
      child.kill('SIGKILL');
    }, timeoutMs);
    child.on('error', (e) => {
      clearTimeout(timer);
      reject(e);
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolvePromise({ code: code ?? (signal ? 128 : 1), stdout, stderr });
    });
    // A child that exits without reading its input must not crash this process (EPIPE).
    child.stdin.on('error', () => {});
    child.stdin.end(input ?? '');
  });
}

/** Like run(), but rejects with the output when the exit code is not 0. */
export async function runOk(cmd, args, opts) {
  const r = await run(cmd, args, opts);
  if (r.code !== 0) {
    const out = `${r.stdout}\n${r.stderr}`.trim().split('\n').slice(-40).join('\n');
    throw new Error(`${[cmd, ...args].join(' ')} exited ${r.code}:\n${out}`);
  }
  return r;
}

/**
 * Copies pkg/ into `dest`/pkg and returns that path, so one run checks one
 * consistent package even if pkg/ is rebuilt meanwhile (scripts/build.sh
 * empties pkg/ first and copies package.json with the entries at the end).
 * A copy missing any file its package.json lists is retried, for a minute.
 */
export async function snapshotPackage(dest, source = pkgDir) {
  const { cp, readFile: read, rm: remove } = await import('node:fs/promises');
  const snap = join(dest, 'pkg');
  const complete = async (dir) => {
    try {
      const pj = JSON.parse(await read(join(dir, 'package.json'), 'utf8'));
      return (pj.files ?? []).every((f) => existsSync(join(dir, f)));
    } catch {
      return false;
    }
  };
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (await complete(source)) {
      await cp(source, snap, { recursive: true });
      if (await complete(snap)) return snap;
      await remove(snap, { recursive: true, force: true });
    }
    if (Date.now() > deadline) throw new Error('pkg/ is not built (or not completely): run `bash scripts/build.sh` first');
    await new Promise((r) => setTimeout(r, 1000));
  }
}

/** `npm pack` of a package folder into `dest`; returns the tarball's path. */
export async function packPackage(dir, dest) {
  const r = await runOk('npm', ['pack', dir, '--pack-destination', dest, '--json', '--loglevel=error'], { cwd: dest });
  const [info] = JSON.parse(r.stdout);
  return join(dest, info.filename);
}

/**
 * Creates a scratch consumer project in `dir` with `packageJson` and installs
 * the tarball into it (offline: the tarball has no dependencies). `links`
 * maps package names to already-installed directories to symlink into its
 * node_modules (the dev tooling, never downloaded).
 */
export async function makeConsumer(dir, tarball, packageJson, links = {}) {
  await mkdir(dir, { recursive: true });
  await writeFile(join(dir, 'package.json'), JSON.stringify({ private: true, ...packageJson }, null, 2) + '\n');
  if (tarball) {
    await runOk('npm', ['install', tarball, '--offline', '--no-audit', '--no-fund', '--no-package-lock', '--loglevel=error'], { cwd: dir });
  }
  const { symlink } = await import('node:fs/promises');
  for (const [name, target] of Object.entries(links)) {
    const at = join(dir, 'node_modules', name);
    await mkdir(dirname(at), { recursive: true });
    if (!existsSync(at)) await symlink(target, at, 'dir');
  }
}

const MIME = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.json': 'application/json',
  '.wasm': 'application/wasm',
  '.css': 'text/css',
  '.map': 'application/json',
};

/**
 * Serves `root` over http on 127.0.0.1 (GET only, no directory listings):
 * { url, close, served }. Options: `types` overrides content types by
 * extension, `hide(path)` answers 404 for files that exist.
 */
export function serveStatic(root, { types = {}, hide = () => false } = {}) {
  const base = resolve(root);
  const served = [];
  const server = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url, 'http://x').pathname);
    let file = normalize(join(base, path));
    if (file !== base && !file.startsWith(base + sep)) {
      res.writeHead(403).end();
      return;
    }
    if (existsSync(file) && statSync(file).isDirectory()) file = join(file, 'index.html');
    if (req.method !== 'GET' || !existsSync(file) || !statSync(file).isFile() || hide(path)) {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
      return;
    }
    const type = types[extname(file)] ?? MIME[extname(file)] ?? 'application/octet-stream';
    served.push({ path, type });
    res.writeHead(200, { 'content-type': type, 'cache-control': 'no-store' });
    createReadStream(file).pipe(res);
  });
  return new Promise((resolvePromise) => {
    server.listen(0, '127.0.0.1', () => {
      resolvePromise({
        url: `http://127.0.0.1:${server.address().port}/`,
        served,
        close: () => new Promise((r) => { server.closeAllConnections?.(); server.close(() => r()); }),
      });
    });
  });
}
