/** The built-in profiles, read from specs/: a new provider's YAML file is tested everywhere with no list to edit. */
import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const SPECS = fileURLToPath(new URL('../../specs/', import.meta.url));

export const BUILT_IN_PROFILES: readonly string[] = readdirSync(SPECS)
  .filter((f) => f.endsWith('.yaml'))
  .map((f) => f.slice(0, -'.yaml'.length))
  .sort();

/** The first four, whose emulator runs have end-to-end tests of their own (test/e2e/self.test.ts, cross.test.ts). */
export const END_TO_END_PROFILES: readonly string[] = ['openai', 'parallel', 'parasail-bifrost', 'flexai'];
