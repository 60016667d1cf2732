/**
 * `--profile NAME|FILE` as a user meets it: an unknown name is one line listing the built-in profiles
 * (never the internal path it was looked up at), a missing file is one line naming it, and a broken
 * profile's problems are `file:line:column: ...` (just `file: ...` when the problem has no place in it,
 * such as a FIFO or a file over the size cap: no fake `:0:0`).
 */
import { existsSync, readdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { InputError } from './exit.js';
import type { LoadedProfile, ProfileError } from '../spec/load.js';

/** specs/ of this package (src/cli and dist/cli are both two levels below the root), read without loading the loader. */
const SPECS_DIR = fileURLToPath(new URL('../../specs/', import.meta.url));

/** The built-in profile names, from the files in specs/ (a new provider's file is listed with no code). */
export function builtinProfileNames(): string[] {
  return readdirSync(SPECS_DIR)
    .filter((f) => f.endsWith('.yaml'))
    .map((f) => f.slice(0, -'.yaml'.length))
    .sort();
}

/** The same rule as the loader's resolveProfileRef: a slash or a .yaml/.yml ending makes it a path. */
function isPath(ref: string): boolean {
  return /[\\/]/.test(ref) || /\.ya?ml$/i.test(ref);
}

/** Refuses a name that is not built in, or a path that does not exist, before the loader is asked. */
export function checkProfileRef(ref: string, flag = '--profile'): void {
  if (isPath(ref)) {
    if (!existsSync(resolve(ref))) throw new InputError(`${flag} ${ref}: no such file`);
    return;
  }
  if (!existsSync(resolve(SPECS_DIR, `${ref}.yaml`))) {
    throw new InputError(`${flag} ${ref}: unknown profile; the built-in ones are ${builtinProfileNames().join(', ')} (or give a path to a .yaml file)`);
  }
}

/** A ProfileError as lines for InputError, without the `:0:0` of a problem that has no position. */
export function profileErrorText(e: ProfileError): string {
  return e.problems.map((p) => `${p.line ? `${p.file}:${p.line}:${p.column}` : p.file}: ${p.path ? `${p.path}: ` : ''}${p.message}`).join('\n');
}

/** Checks the reference, then loads it (the loader is imported here, after the check): InputError on any problem. */
export async function loadProfileRef(ref: string, flag = '--profile'): Promise<LoadedProfile> {
  checkProfileRef(ref, flag);
  const { loadProfile, ProfileError } = await import('../spec/load.js');
  try {
    return loadProfile(ref);
  } catch (e) {
    if (e instanceof ProfileError) throw new InputError(profileErrorText(e));
    throw e;
  }
}
