/** The README's "Where each check is verified" table is the registry's (`npm run gen:readme` rewrites it). */
import { expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { checksMarkdown, readmeWithChecks } from '../../src/cli/checks.js';
import { CHECKS } from '../../src/checks/registry/index.js';
import { ROOT } from '../support/cli.js';

it('the README table of checks is generated from the registry and up to date (npm run gen:readme)', () => {
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
  expect(readmeWithChecks(readme) === readme, 'README.md is stale: run npm run gen:readme').toBe(true);
  const table = checksMarkdown();
  // Every check's id and file is in the table.
  for (const c of CHECKS) {
    expect(table, c.id).toContain(`\`${c.id}\``);
    expect(table, c.file).toContain(`\`${c.file}\``);
  }
});

it('refuses a README without the markers (the table would silently go missing)', () => {
  expect(() => readmeWithChecks('# no table here\n')).toThrow(/checks:begin/);
});
