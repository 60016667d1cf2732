/** `oai-compat validate [files...]`: load and validate profiles (with their parents) without sending anything. */
import { readdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { parse } from './args.js';
import { loadProfile, parseAndValidate, positionOf, ProfileError, SPECS_DIR, type LoadedProfile, type ProfileProblem } from '../spec/load.js';
import { NO_CHECK, unverifiedRows } from '../checks/registry/index.js';
import { reserveStdoutForJson, say, sayError, sayJson } from './output.js';
import { VALIDATE_FLAGS, VALIDATE_USAGE } from './usages.js';

export async function validateCommand(argv: string[]): Promise<number> {
  const { values, positionals } = parse(argv, VALIDATE_FLAGS, VALIDATE_USAGE, true);
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
      const unverified = unverifiedProblems(l);
      if (unverified.length) throw new ProfileError(unverified);
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

/**
 * A problem per row of the merged profile that no check verifies, at the row's key in the most derived file
 * that declares it (the row in force).
 */
function unverifiedProblems(l: LoadedProfile): ProfileProblem[] {
  const rows = unverifiedRows(l.profile);
  if (!rows.length) return [];
  const docs = l.files.map((file) => ({ file, ...parseAndValidate(file) }));
  return rows.map((r) => {
    const at = docs.find((d) => d.doc.hasIn([r.section, r.key])) ?? docs[0]!;
    return { file: at.file, ...positionOf(at.doc, at.lines, [r.section, r.key], true), path: r.id, message: NO_CHECK };
  });
}

export function builtinProfiles(): string[] {
  return readdirSync(SPECS_DIR)
    .filter((f) => f.endsWith('.yaml'))
    .sort()
    .map((f) => resolve(SPECS_DIR, f));
}
