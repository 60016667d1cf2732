// Generates the TypeScript types of the profile and results formats from their JSON Schemas,
// so the formats are defined once (specs/schema/) and never written twice.
// `node scripts/gen-types.mjs --check` exits 1 when the committed files are stale.
import { compile } from 'json-schema-to-typescript';
import { readFile, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
export const targets = [
  { schema: 'specs/schema/profile.schema.json', out: 'src/spec/profile.types.ts', name: 'Profile' },
  { schema: 'specs/schema/results.schema.json', out: 'src/results/results.types.ts', name: 'Results' },
];

export async function generate(t) {
  const schema = JSON.parse(await readFile(root + t.schema, 'utf8'));
  return compile(schema, t.name, {
    bannerComment: `/* Generated from ${t.schema} by scripts/gen-types.mjs. Do not edit: edit the schema and run \`npm run gen:types\`. */`,
    additionalProperties: false,
    unreachableDefinitions: true,
    style: { singleQuote: true },
    format: true,
  });
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const check = process.argv.includes('--check');
  let stale = 0;
  for (const t of targets) {
    const ts = await generate(t);
    if (check) {
      const cur = await readFile(root + t.out, 'utf8').catch(() => '');
      if (cur !== ts) {
        console.error(`${t.out} is stale: run npm run gen:types`);
        stale++;
      }
    } else {
      await writeFile(root + t.out, ts);
      console.log(`wrote ${t.out}`);
    }
  }
  process.exit(stale ? 1 : 0);
}
