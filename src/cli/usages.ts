/**
 * The usage texts and flag tables of the commands whose modules load heavy parts (the profile loader,
 * the registry of checks): `--help` and a bad flag are answered from here, with the one flag parser
 * (cli/args.ts), and load nothing else (cli/main.ts).
 */
import type { Options } from './args.js';

export const VALIDATE_FLAGS = { coverage: { type: 'boolean' }, json: { type: 'boolean' } } as const satisfies Options;
export const CHECKS_FLAGS = { json: { type: 'boolean' }, markdown: { type: 'boolean' } } as const satisfies Options;

export const VALIDATE_USAGE = `Usage: oai-compat validate [--coverage] [--json] [PROFILE.yaml | NAME ...]

Validates profiles against specs/schema/profile.schema.json, resolving \`extends\`, and refuses a row
no check can verify (oai-compat checks lists the checks). With no argument, validates every profile in specs/.
  --coverage   also print, per profile, every documented table and how many of its rows are encoded
  --json       print one JSON document on stdout: the files validated and every problem (file, line,
               column, path, message); nothing else there
Exit codes: 0 valid, 2 a profile has an error (file:line:column: path: message).`;

export const CHECKS_USAGE = `Usage: oai-compat checks [--json | --markdown]

Lists every check: the case id (or id pattern, e.g. request.*) it verifies, its area, what it reads, the
signal that decides it (protocol, status, accounting or content) and the file where its logic lives.
An exact id wins over a pattern. A profile row no check verifies is refused by oai-compat validate.
  --json       the registry as JSON (one object per check)
  --markdown   the README table (one row per file)
Exit codes: 0.`;
