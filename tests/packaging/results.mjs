// The packaging suite's results: one line per check (`ok`/`FAIL`/`skip`),
// counted for the closing `N passed, M failed` line run.mjs prints.

export const tally = { passed: 0, failed: 0 };

export function report(group, name, ok, detail) {
  if (ok) tally.passed++;
  else tally.failed++;
  const line = `${ok ? 'ok  ' : 'FAIL'}  ${group}: ${name}`;
  console.log(line);
  if (!ok && detail) console.log(String(detail).split('\n').map((l) => `        ${l}`).join('\n'));
}

export function skip(group, name, why) {
  console.log(`skip  ${group}: ${name} (${why})`);
}

/** Runs a named check: ok when `fn` returns without throwing. */
export async function check(group, name, fn) {
  try {
    await fn();
    report(group, name, true);
    return true;
  } catch (e) {
    report(group, name, false, e && e.message ? e.message : String(e));
    return false;
  }
}

/** Reports the named results a consumer returned; none at all is a failure. */
export function reportAll(group, results) {
  if (!Array.isArray(results) || results.length === 0) {
    report(group, 'suite', false, `no results: ${JSON.stringify(results)}`);
    return;
  }
  for (const r of results) report(group, r.name, r.ok, r.detail);
}

export const assert = (cond, msg) => {
  if (!cond) throw new Error(msg);
};

/** Parses the `RESULT {json}` lines a consumer process prints. */
export function resultLines(out) {
  return out.split('\n').filter((l) => l.startsWith('RESULT ')).map((l) => JSON.parse(l.slice(7)));
}
