// The command line's entry: picks the command, runs it, and turns every
// outcome into one message and an exit status (0, 1, 2 for plan's pending
// changes, 130 for Ctrl-C).
import { runApply } from './apply.mjs';
import { COMMANDS, commandHelp, mainHelp, parseCommand } from './args.mjs';
import { runCheck } from './check.mjs';
import { runInfer } from './infer.mjs';
import { secretsOf } from './connection.mjs';
import { CliError, EXIT } from './errors.mjs';
import { runPlan } from './plan.mjs';
import { runExport, runGet, runList, runRegions } from './read.mjs';
import { createTerminal } from './terminal.mjs';

const RUN = { list: runList, export: runExport, get: runGet, regions: runRegions, check: runCheck, infer: runInfer, plan: runPlan, apply: runApply };

// An option that looks like a credential is refused without repeating it.
const CREDENTIAL_OPTION = /^--?(api[-_]?)?(token|key|email|password|secret)\b/i;

/**
 * @param {string[]} argv arguments after the program name
 * @param {{ stdout, stderr, stdin, env, version: string }} io
 * @returns {Promise<number>} the exit status
 */
export async function main(argv, { stdout, stderr, stdin, env, version }) {
  const term = createTerminal({ stdout, stderr, env, secrets: secretsOf(env) });
  const [name, ...rest] = argv;
  try {
    if (name === undefined) {
      term.err(mainHelp(version));
      return EXIT.error;
    }
    if (name === '--help' || name === '-h') {
      term.out(mainHelp(version));
      return EXIT.ok;
    }
    if (name === '--version' || name === '-V') {
      term.out(version);
      return EXIT.ok;
    }
    if (name === 'help') {
      if (rest[0] && !COMMANDS[rest[0]]) throw new CliError(`help: unknown command "${rest[0]}"`);
      term.out(rest[0] ? commandHelp(rest[0]) : mainHelp(version));
      return EXIT.ok;
    }
    if (!Object.hasOwn(COMMANDS, name)) {
      throw new CliError(`unknown command "${name}" (commands: ${Object.keys(COMMANDS).join(', ')}; see "origin-regions --help")`);
    }
    const credential = rest.find((a) => CREDENTIAL_OPTION.test(a));
    if (credential) {
      throw new CliError(
        `${name}: ${credential.split('=')[0]}: credentials are read from the environment only (CLOUDFLARE_API_TOKEN, or CLOUDFLARE_EMAIL and CLOUDFLARE_API_KEY), never from the command line, where shell history and ps would keep them`,
      );
    }
    const parsed = parseCommand(name, rest);
    if (parsed.help) {
      term.out(commandHelp(name));
      return EXIT.ok;
    }
    return await RUN[name]({ term, env, stdin, stderr, values: parsed.values, args: parsed.args, version });
  } catch (e) {
    term.err(term.colorErr.red(`error: ${describeError(e)}`));
    return e instanceof CliError ? e.exitCode : EXIT.error;
  }
}

function describeError(e) {
  if (e instanceof CliError) return e.message;
  if (e?.name === 'OriginRegionsError') {
    // The library's message names the input and the rule, or the API's
    // answer with its HTTP status and code.
    return e.message;
  }
  return `unexpected failure: ${e?.stack ?? e}`;
}
