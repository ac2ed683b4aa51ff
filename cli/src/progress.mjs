// Progress of `apply` on stderr: a bar redrawn in place on a terminal, or a
// plain line at each tenth of the work when stderr is a file or a pipe.
import { formatDuration } from './terminal.mjs';

const REDRAW_MS = 100;
const BAR_WIDTH = 16;

/**
 * @param {ReturnType<import('./terminal.mjs').createTerminal>} term
 * @param {{ total: number, requests: number }} expected items and requests the plan needs (retries aside)
 */
export function createProgress(term, expected, now = () => Date.now()) {
  const started = now();
  let last = { done: 0, total: expected.total, requests: 0 };
  let drawnAt = 0;
  let drawn = false;
  let tenth = 0;

  const describe = ({ done, total, requests }) => {
    const elapsed = (now() - started) / 1000;
    const rate = elapsed > 0 ? done / elapsed : 0;
    const left = rate > 0 ? formatDuration((total - done) / rate) : '-:--';
    return `${done}/${total} items · ${requests}/${expected.requests} requests · ${Math.round(rate)} items/s · ${left} left`;
  };

  return {
    update(progress) {
      last = progress;
      if (term.stderrIsTty) {
        const t = now();
        if (t - drawnAt < REDRAW_MS && progress.done < progress.total) return;
        drawnAt = t;
        const filled = progress.total > 0 ? Math.round((progress.done / progress.total) * BAR_WIDTH) : BAR_WIDTH;
        const bar = '█'.repeat(filled) + '░'.repeat(BAR_WIDTH - filled);
        // A narrow terminal loses the bar before the figures.
        const figures = describe(progress);
        const full = `${bar} ${figures}`;
        const text = full.length < term.columns ? full : figures.slice(0, Math.max(20, term.columns - 1));
        // \r and erase-line: only ever written to a terminal.
        term.errRaw(`\r\x1b[2K${text}`);
        drawn = true;
      } else {
        const reached = progress.total > 0 ? Math.floor((progress.done / progress.total) * 10) : 10;
        if (reached > tenth) {
          tenth = reached;
          term.err(`progress: ${describe(progress)}`);
        }
      }
    },
    /** Ends the bar's line so what follows starts on its own. */
    finish() {
      if (drawn) term.errRaw('\r\x1b[2K');
      drawn = false;
      return last;
    },
  };
}
