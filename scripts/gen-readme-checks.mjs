// Writes the README's "Where each check is verified" table from the registry of checks (src/checks/registry,
// through the built dist/: run by `npm run gen:readme`, which builds first). test/registry/readme.test.ts
// fails when the README's copy is stale.
import { readFile, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { readmeWithChecks } from '../dist/cli/checks.js';

const file = fileURLToPath(new URL('../README.md', import.meta.url));
const before = await readFile(file, 'utf8');
const after = readmeWithChecks(before);
if (after !== before) await writeFile(file, after);
console.log(after === before ? 'README.md: the checks table is up to date' : 'README.md: the checks table was regenerated');
