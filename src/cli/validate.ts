/** `oai-compat validate [files...]`: load and validate profiles (with their parents) without sending anything. */
import { readdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { parse } from './args.js';
import { loadProfile, ProfileError, SPECS_DIR, type ProfileProblem } from '../spec/load.js';
import { reserveStdoutForJson, say, sayError, sayJson } from './output.js';

export const VALIDATE_USAGE = `Usage: oai-compat validate [--coverage] [--json] [PROFILE.yaml | NAME ...]

Validates profiles against specs/schema/profile.schema.json, resolving \`extends\`.
With no argument, validates every profile in specs/.
  --coverage   also print, per profile, every documented table and how many of its rows are encoded
  --json       print one JSON document on stdout: the files validated and every problem (file, line,
               column, path, message); nothing else there
Exit codes: 0 valid, 2 a profile has an error (file:line:column: path: message).`;

export async function validateCommand(argv: string[]): Promise<number> {
  const { values, positionals } = parse(argv, { coverage: { type: 'boolean' }, json: { type: 'boolean' } }, VALIDATE_USAGE, true);
  if (values.json) reserveStdoutForJson();
  if (values.help) {
    console.log(VALIDATE_USAGE);
    return 0;
  }
  const refs = positionals.length ? positionals : builtinProfiles();
  let bad = 0;
  const loaded = [];
  const problems: ProfileProblem[] = [];
  for (const ref of refs) {
    try {
      const l = loadProfile(ref);
      loaded.push(l);
      say(
        `ok ${l.files[0]} (${[...l.files]
          .reverse()
          .map((f) => f.split('/').pop())
          .join(' → ')})`,
      );
    } catch (e) {
      if (!(e instanceof ProfileError)) throw e;
      bad++;
      problems.push(...e.problems);
      sayError(e.message);
    }
  }
  if (values.coverage && loaded.length) {
    const { coverageCommandOutput } = await import('../spec/coverage-cli.js');
    const out = coverageCommandOutput(loaded.map((l) => l.profile));
    say(out.text);
    if (!out.complete) bad++;
  }
  if (values.json) sayJson({ schema: 'oai-compat.validate/v1', ok: !bad, files: loaded.map((l) => l.files[0]), problems });
  if (bad) return 2;
  return 0;
}

export function builtinProfiles(): string[] {
  return readdirSync(SPECS_DIR)
    .filter((f) => f.endsWith('.yaml'))
    .sort()
    .map((f) => resolve(SPECS_DIR, f));
}
