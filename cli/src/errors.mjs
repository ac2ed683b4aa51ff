// A failure the command reports in one message and an exit status, without
// a stack trace: a usage mistake, a refused input, an answer of the API.
export class CliError extends Error {
  constructor(message, exitCode = 1) {
    super(message);
    this.name = 'CliError';
    this.exitCode = exitCode;
  }
}

/**
 * Exit statuses, as `terraform plan -detailed-exitcode` has them, plus
 * `infer`'s IPs left out of the inventory (in no range, or in a region the
 * catalogue lacks) and Ctrl-C's.
 */
export const EXIT = { ok: 0, error: 1, changes: 2, leftOut: 3, interrupted: 130 };
