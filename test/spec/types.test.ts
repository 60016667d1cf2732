import { describe, it, expect } from 'vitest';
import { readFile } from 'node:fs/promises';
// @ts-expect-error: a plain .mjs script without types
import { targets, generate } from '../../scripts/gen-types.mjs';

describe('generated types', () => {
  for (const t of targets as { schema: string; out: string }[]) {
    it(`${t.out} is up to date with ${t.schema} (run npm run gen:types)`, async () => {
      const committed = await readFile(new URL(`../../${t.out}`, import.meta.url), 'utf8');
      expect(committed).toBe(await generate(t));
    });
  }
});
