/**
 * `oai-compat checks`: the registry of checks (src/checks/registry), one line per check: the case id or id
 * pattern it verifies, its area, what it reads, the signal that decides it, and the file its logic lives in.
 * `--json` prints the same as JSON; `--markdown` prints the README's "Where each check is verified" table
 * (npm run gen:readme writes it into README.md; a test fails when the README's copy is stale).
 */
import { parse } from './args.js';
import { CHECKS } from '../checks/registry/index.js';
import type { CheckDef } from '../checks/registry/types.js';
import { CHECKS_FLAGS, CHECKS_USAGE } from './usages.js';

/** One check as data: what `--json` prints. */
function asJson(c: CheckDef) {
  return {
    id: c.id,
    ...(c.rows ? { rows: c.rows } : {}),
    area: c.area,
    reads: c.reads,
    decides: c.decides,
    file: c.file,
    ...(c.emulator ? { emulator: c.emulator } : {}),
    ...(c.variant ? { variantOf: `endpoint.${c.variant.of}` } : {}),
    ...(c.stream ? { stream: { ...c.stream, run: Object.keys(c.stream.run)[0] } } : {}),
  };
}

export function checksText(checks: readonly CheckDef[] = CHECKS): string {
  const idWidth = Math.max(...checks.map((c) => c.id.length));
  // The rows a narrowed pattern takes go after the fixed columns, so the columns stay aligned.
  const areaWidth = Math.max(...checks.map((c) => c.area.length));
  const fileWidth = Math.max(...checks.map((c) => c.file.length));
  return checks
    .map(
      (c) =>
        `${c.id.padEnd(idWidth)}  ${c.area.padEnd(areaWidth)}  ${c.file.padEnd(fileWidth)}  ${c.rows ? `for ${c.rows}: ` : ''}reads ${c.reads}; decided by ${c.decides.kind}: ${c.decides.signal}`,
    )
    .join('\n');
}

const cell = (s: string) => s.replace(/\|/g, '\\|');

/** The README table: one row per file, its case ids, and the kinds of signal that decide them. */
export function checksMarkdown(checks: readonly CheckDef[] = CHECKS): string {
  const byFile = new Map<string, CheckDef[]>();
  for (const c of checks) byFile.set(c.file, [...(byFile.get(c.file) ?? []), c]);
  const rows = [...byFile].map(([file, list]) => {
    const ids = list.map((c) => `\`${c.id}\`${c.rows ? ` (${c.rows})` : ''}`).join(', ');
    const signals = [...new Set(list.map((c) => `${c.decides.kind}: ${c.decides.signal}`))];
    // One signal for the whole file is worth a cell; several (the stream rules, say) are `oai-compat checks`'s to list.
    const decided = signals.length === 1 ? signals[0]! : [...new Set(list.map((c) => c.decides.kind))].join(', ');
    return `| ${cell(ids)} | \`${file}\` | ${cell(decided)} |`;
  });
  return ['| case ids | verified in | decided by |', '|---|---|---|', ...rows].join('\n');
}

export async function checksCommand(argv: string[]): Promise<number> {
  const { values } = parse(argv, CHECKS_FLAGS, CHECKS_USAGE);
  if (values.help) {
    console.log(CHECKS_USAGE);
    return 0;
  }
  if (values.json) console.log(JSON.stringify(CHECKS.map(asJson), null, 2));
  else if (values.markdown) console.log(checksMarkdown());
  else console.log(checksText());
  return 0;
}

export const README_BEGIN = '<!-- checks:begin: generated from src/checks/registry by `npm run gen:readme`; do not edit -->';
export const README_END = '<!-- checks:end -->';

/** The README with the table between its markers replaced by the registry's (throws when the markers are missing). */
export function readmeWithChecks(readme: string): string {
  const begin = readme.indexOf(README_BEGIN);
  const end = readme.indexOf(README_END);
  if (begin < 0 || end < begin) throw new Error(`README.md has no ${README_BEGIN} … ${README_END} section`);
  return `${readme.slice(0, begin + README_BEGIN.length)}\n${checksMarkdown()}\n${readme.slice(end)}`;
}
