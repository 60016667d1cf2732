/**
 * The hand-reviewed expected verdicts of a test-bed server (`<server>[.<profile>].expected.yaml`): what the run is
 * (`profile`, openai unless told; `model`; `only`, the `--only` patterns of a focused run), and one line per case id
 * with the true verdict, why, optionally a second honest verdict (`or`), and `known-wrong` where today's
 * harness disagrees (with its class in issue #11). Compared with a run's results here; the test files report.
 */
import { readFileSync } from 'node:fs';
import { LineCounter, parseDocument, isMap, isScalar, type Pair } from 'yaml';
import { z } from 'zod';
import type { Results } from '../../src/results/results.types.js';

const Verdict = z.enum(['pass', 'fail', 'skip', 'inconclusive']);
type Verdict = z.infer<typeof Verdict>;

const Line = z.strictObject({
  verdict: Verdict,
  // One honest alternative, or several (a timing verdict a busy machine may make a warning, on a case that may skip).
  or: z.union([Verdict, z.array(Verdict).min(1)]).optional(),
  'known-wrong': z
    .string()
    .regex(/^class (10|[1-9]): \S/, 'must start with "class N: " (N is the class of issue #11, 1-10) and give the evidence')
    .optional(),
  why: z.string().min(8),
});

export interface ExpectedLine {
  id: string;
  verdict: Verdict;
  or?: Verdict[];
  knownWrong?: string;
  why: string;
  /** file:line, for every message about this line. */
  where: string;
}

/** What the file's run is: the profile (openai unless told), the model to name, and `--only` (every case unless told). */
export interface ExpectedRun {
  profile: string;
  model?: string;
  only?: string[];
}

export interface Expected {
  server: string;
  file: string;
  run: ExpectedRun;
  lines: Map<string, ExpectedLine>;
}

const Run = z.object({
  profile: z.string().min(1).default('openai'),
  model: z.string().min(1).optional(),
  only: z.array(z.string().min(1)).min(1).optional(),
});

/** Reads and checks an expected-verdicts file; every problem is one line naming file:line. */
export function loadExpected(file: string): Expected {
  const counter = new LineCounter();
  const doc = parseDocument(readFileSync(file, 'utf8'), { lineCounter: counter, uniqueKeys: true });
  const at = (offset: number | undefined) => `${file}:${offset === undefined ? 1 : counter.linePos(offset).line}`;
  const problems = doc.errors.map((e) => `${at(e.pos[0])}: ${e.message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '')}`);
  const root = doc.contents;
  const server: unknown = isMap(root) ? (doc.toJS() as { server?: unknown }).server : undefined;
  const cases = isMap(root) ? root.get('cases', true) : undefined;
  if (!problems.length && (typeof server !== 'string' || !isMap(cases))) problems.push(`${at(0)}: needs "server: <name>" and a "cases:" map`);
  const lines = new Map<string, ExpectedLine>();
  if (isMap(cases)) {
    for (const pair of cases.items as Pair[]) {
      const id = isScalar(pair.key) ? String(pair.key.value) : '';
      const where = at(isScalar(pair.key) ? pair.key.range?.[0] : undefined);
      const parsed = Line.safeParse((pair.value as { toJSON?: () => unknown } | null)?.toJSON?.());
      if (!parsed.success) {
        problems.push(`${where}: ${id}: ${parsed.error.issues.map((i) => `${i.path.join('.') || 'line'} ${i.message}`).join('; ')}`);
        continue;
      }
      const v = parsed.data;
      const or = v.or === undefined ? undefined : Array.isArray(v.or) ? v.or : [v.or];
      if (or?.includes(v.verdict)) problems.push(`${where}: ${id}: "or" repeats the verdict`);
      lines.set(id, { id, verdict: v.verdict, ...(or ? { or } : {}), knownWrong: v['known-wrong'], why: v.why, where });
    }
  }
  const run = Run.safeParse(isMap(root) ? doc.toJS() : {});
  if (!run.success) problems.push(`${at(0)}: ${run.error.issues.map((i) => `${i.path.join('.')} ${i.message}`).join('; ')}`);
  if (problems.length) throw new Error(`bad expected-verdicts file:\n${problems.join('\n')}`);
  const { profile, model, only } = run.data!;
  return { server: String(server), file, run: { profile, ...(model ? { model } : {}), ...(only ? { only } : {}) }, lines };
}

export const accepts = (line: ExpectedLine, verdict: string | undefined) =>
  verdict === line.verdict || (line.or !== undefined && line.or.includes(verdict as Verdict));

const shown = (line: ExpectedLine) => (line.or ? `${line.verdict} (or ${line.or.join(' or ')})` : line.verdict);

export interface Comparison {
  /** Reviewed lines (not known-wrong) whose verdict the run contradicts, one message each. */
  disagreements: string[];
  /** Cases of the run with no line: each needs a review. */
  unreviewed: string[];
  /** Lines naming a case the run did not have. */
  orphans: string[];
  /** Known-wrong lines with the run's verdict; `stale` when the run now gives the true verdict. */
  knownWrong: { line: ExpectedLine; actual: string | undefined; message: string; stale: boolean }[];
}

export function compare(expected: Expected, results: Results): Comparison {
  const byId = new Map(results.cases.map((c) => [c.id, c]));
  const out: Comparison = { disagreements: [], unreviewed: [], orphans: [], knownWrong: [] };
  for (const c of results.cases)
    if (!expected.lines.has(c.id)) out.unreviewed.push(`${c.id}: ${c.verdict} (${(c.message ?? '').slice(0, 160)}) has no line in ${expected.file}: review it`);
  for (const line of expected.lines.values()) {
    const c = byId.get(line.id);
    if (!c) {
      out.orphans.push(`${line.where}: ${line.id} is not a case of this run any more: remove or rename the line`);
      continue;
    }
    const message = (c.message ?? '').slice(0, 200);
    if (line.knownWrong) out.knownWrong.push({ line, actual: c.verdict, message, stale: accepts(line, c.verdict) });
    else if (!accepts(line, c.verdict))
      out.disagreements.push(`${line.where}: ${line.id}: expected ${shown(line)}, got ${c.verdict} (${message}); reviewed: ${line.why}`);
  }
  return out;
}

/** The known-wrong lines, one per line, for the log (the list the fixes of issue #11 work down). */
export function formatKnownWrong(cmp: Comparison): string {
  return cmp.knownWrong.map((k) => `${k.stale ? 'STALE ' : ''}${k.line.id}: today ${k.actual}, true ${shown(k.line)} — ${k.line.knownWrong}`).join('\n');
}
