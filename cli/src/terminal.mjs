// What the command writes to: colour only on a terminal and without
// NO_COLOR, and every line passed through a scrubber that blanks the
// credentials (they should never reach output; this makes sure).

const CODES = { green: 32, yellow: 33, red: 31, bold: 1, dim: 2 };

/**
 * @param {{ stdout: NodeJS.WriteStream, stderr: NodeJS.WriteStream, env: Record<string, string | undefined>, secrets: string[] }} io
 */
export function createTerminal({ stdout, stderr, env, secrets }) {
  // https://no-color.org: present and not empty disables colour.
  const noColor = typeof env.NO_COLOR === 'string' && env.NO_COLOR !== '';
  const scrub = scrubber(secrets);
  const paint = (enabled) => {
    const fns = {};
    for (const [name, code] of Object.entries(CODES)) {
      fns[name] = enabled ? (s) => `\x1b[${code}m${s}\x1b[0m` : (s) => String(s);
    }
    return fns;
  };
  return {
    stdoutIsTty: Boolean(stdout.isTTY),
    stderrIsTty: Boolean(stderr.isTTY),
    /** Colours for stdout and for stderr, each on only when that stream is a terminal. */
    color: paint(Boolean(stdout.isTTY) && !noColor),
    colorErr: paint(Boolean(stderr.isTTY) && !noColor),
    out: (text = '') => stdout.write(scrub(text) + '\n'),
    err: (text = '') => stderr.write(scrub(text) + '\n'),
    /** Raw write to stderr (the progress bar redraws one line). */
    errRaw: (text) => stderr.write(scrub(text)),
    scrub,
    columns: stderr.columns || 80,
  };
}

/** Replaces every credential in a text with [redacted]. */
export function scrubber(secrets) {
  const list = secrets.filter((s) => typeof s === 'string' && s.length > 0);
  return (text) => {
    let s = String(text);
    for (const secret of list) s = s.split(secret).join('[redacted]');
    return s;
  };
}

/** A plain table: columns padded to their widest cell, two spaces apart. */
export function formatTable(header, rows) {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => String(r[i] ?? '').length)));
  const line = (cells) => cells.map((c, i) => (i === cells.length - 1 ? String(c ?? '') : String(c ?? '').padEnd(widths[i]))).join('  ');
  return [line(header), ...rows.map(line)].join('\n');
}

/** Seconds as m:ss (or h:mm:ss). */
export function formatDuration(seconds) {
  const s = Math.max(0, Math.round(seconds));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const ss = String(s % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${ss}` : `${m}:${ss}`;
}
