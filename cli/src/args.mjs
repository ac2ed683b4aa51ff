// The command line's grammar: each command's options (for util.parseArgs)
// and its --help text. No option takes a credential: one given on the
// command line would stay in shell history and show in `ps`.
import { parseArgs } from 'node:util';
import { CliError } from './errors.mjs';

const ZONE = {
  zone: { type: 'string', help: '--zone ID          the zone (32 hex characters); default $CLOUDFLARE_ZONE_ID' },
  'base-url': { type: 'string', help: '--base-url URL     API base URL; default https://api.cloudflare.com/client/v4' },
};
const HELP = { help: { type: 'boolean', short: 'h', help: '-h, --help         this help' } };

const format = (choices, note) => ({
  type: 'string',
  choices,
  help: `--format ${choices.join('|').padEnd(11)}${note}`,
});

export const COMMANDS = {
  list: {
    usage: 'origin-regions list [options]',
    summary: "the zone's mappings",
    options: { ...ZONE, format: format(['table', 'csv', 'json'], 'default: a table on a terminal, CSV otherwise'), ...HELP },
  },
  export: {
    usage: 'origin-regions export [options] > inventory.csv',
    summary: "the zone's mappings as an inventory file that plan and apply read back",
    options: { ...ZONE, format: format(['csv', 'json'], 'default csv'), ...HELP },
  },
  get: {
    usage: 'origin-regions get <ip> [options]',
    summary: 'the mapping of one IP',
    positionals: ['ip'],
    options: { ...ZONE, format: format(['table', 'json'], 'default table'), ...HELP },
  },
  regions: {
    usage: 'origin-regions regions [options]',
    summary: 'the supported vendors and regions',
    options: { ...ZONE, format: format(['table', 'csv', 'json'], 'default: a table on a terminal, CSV otherwise'), ...HELP },
  },
  check: {
    usage: 'origin-regions check <file|-> [options]',
    summary: 'validate an inventory offline (no credentials, no request)',
    positionals: ['file'],
    offline: true,
    options: { format: format(['text', 'json'], 'default text'), ...HELP },
  },
  infer: {
    usage: 'origin-regions infer <ips-file|-> --aws FILE --gcp FILE --azure FILE --oci FILE [options] > inventory.csv',
    summary: "an inventory from a bare IP list, each IP's vendor and region read from the clouds' published range files (offline); exit 0: every IP written, 3: some left out, 1: bad lines or files",
    positionals: ['file'],
    offline: true,
    options: {
      aws: { type: 'string', help: "--aws FILE         AWS ip-ranges.json" },
      gcp: { type: 'string', help: '--gcp FILE         Google Cloud cloud.json' },
      azure: { type: 'string', help: "--azure FILE       Azure's Service Tags file (ServiceTags_Public_*.json)" },
      oci: { type: 'string', help: '--oci FILE         Oracle Cloud public_ip_ranges.json' },
      regions: { type: 'string', help: '--regions FILE     the supported regions ("origin-regions regions --format json"): matches elsewhere are left out' },
      format: format(['csv', 'json'], 'default csv'),
      ...HELP,
    },
  },
  plan: {
    usage: 'origin-regions plan <file|-> [options]',
    summary: 'what apply would change; exit 0: nothing to do, 2: changes pending, 1: error',
    positionals: ['file'],
    options: {
      ...ZONE,
      prune: { type: 'boolean', help: "--prune            also delete the zone's mappings the file does not name" },
      format: format(['text', 'json'], 'default text'),
      ...HELP,
    },
  },
  apply: {
    usage: 'origin-regions apply <file|-> [options]',
    summary: 'make the zone equal the inventory (shows the plan, then asks)',
    positionals: ['file'],
    options: {
      ...ZONE,
      prune: { type: 'boolean', help: "--prune            also delete the zone's mappings the file does not name" },
      yes: { type: 'boolean', short: 'y', help: '-y, --yes          apply without asking (required without a terminal)' },
      concurrency: { type: 'string', help: '--concurrency N    requests in flight at once, 1 to 32 (default 16)' },
      report: { type: 'string', help: '--report FILE      write the full account of the run as JSON' },
      ...HELP,
    },
  },
};

const ENVIRONMENT = `Environment:
  CLOUDFLARE_API_TOKEN                   API token (preferred)
  CLOUDFLARE_EMAIL + CLOUDFLARE_API_KEY  or the legacy e-mail and global API key
  CLOUDFLARE_ZONE_ID                     the zone, when --zone is not given
  NO_COLOR                               no colour even on a terminal`;

export function mainHelp(version) {
  const width = Math.max(...Object.keys(COMMANDS).map((c) => c.length));
  const lines = Object.entries(COMMANDS).map(([name, c]) => `  ${name.padEnd(width)}  ${c.summary}`);
  return `origin-regions ${version}: Cloudflare origin cloud region mappings from an inventory file

Usage: origin-regions <command> [options]

Commands:
${lines.join('\n')}

Inventory files: CSV (ip,vendor,region; header optional, quoted fields, CRLF,
UTF-8 BOM) or a JSON array of {ip, vendor, region}; "-" reads standard input.
IP lists (infer): one IP a line; blank lines and "#" comments skipped.

${ENVIRONMENT}

Run "origin-regions <command> --help" for a command's options.`;
}

export function commandHelp(name) {
  const c = COMMANDS[name];
  const options = Object.values(c.options).map((o) => `  ${o.help}`);
  const env = c.offline ? '' : `\n\n${ENVIRONMENT}`;
  return `Usage: ${c.usage}\n\n${c.summary[0].toUpperCase()}${c.summary.slice(1)}.\n\nOptions:\n${options.join('\n')}${env}`;
}

/** Parses one command's arguments; a usage mistake throws CliError naming it. */
export function parseCommand(name, argv) {
  const spec = COMMANDS[name];
  const options = Object.fromEntries(Object.entries(spec.options).map(([k, o]) => [k, o.short ? { type: o.type, short: o.short } : { type: o.type }]));
  let parsed;
  try {
    parsed = parseArgs({ args: argv, options, allowPositionals: true, strict: true, tokens: true });
  } catch (e) {
    throw new CliError(`${name}: ${e.message.replace(/\. To specify a positional argument.*$/s, '')}\n(see "origin-regions ${name} --help")`);
  }
  const { values, positionals, tokens } = parsed;
  if (values.help) return { help: true };
  // parseArgs keeps the last of an option given twice: say so instead of
  // dropping the first (`--aws a.json --aws b.json`).
  const seen = new Set();
  for (const t of tokens) {
    if (t.kind !== 'option') continue;
    if (seen.has(t.name)) throw new CliError(`${name}: --${t.name} is given more than once`);
    seen.add(t.name);
    if (t.value === '') throw new CliError(`${name}: --${t.name} needs a value, got an empty one`);
  }
  for (const [key, o] of Object.entries(spec.options)) {
    if (o.choices && values[key] !== undefined && !o.choices.includes(values[key])) {
      throw new CliError(`${name}: --${key} "${values[key]}" is not one of ${o.choices.join(', ')}`);
    }
  }
  const wanted = spec.positionals ?? [];
  if (positionals.length < wanted.length) {
    throw new CliError(`${name}: missing <${wanted[positionals.length]}>\nUsage: ${spec.usage}`);
  }
  if (positionals.length > wanted.length) {
    throw new CliError(`${name}: unexpected argument "${positionals[wanted.length]}"\nUsage: ${spec.usage}`);
  }
  const args = Object.fromEntries(wanted.map((w, i) => [w, positionals[i]]));
  return { values, args };
}
