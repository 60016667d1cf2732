/**
 * The compatibility matrix as data: targets as columns, cases as rows, one cell per case and target (also
 * written as index.json). Apart from the site writer (matrix.ts) so the renderers can read it without an
 * import cycle.
 */
import type { CaseResult, Results, Verdict } from '../results/results.types.js';
import { AREAS, summarizeParity, type Area } from './areas.js';
import { scoreOf, type Score } from './badge.js';
import { targetHost, targetName } from './labels.js';
import { mergeResults } from './merge.js';

export interface MatrixTarget {
  /** File-name-safe and unique within the matrix: names the badge and keys the cells. */
  slug: string;
  label: string;
  host: string;
  baseUrl: string;
  profile: string;
  model: string;
  emulator: boolean;
  fault?: string;
  toolVersion: string;
  startedAt: string;
  finishedAt: string;
  summary: Results['summary'];
  score: Score;
  /** The OpenAI-parity counts and score, when the target's profile is not OpenAI's own. */
  parity?: Results['summary'];
  parityScore?: Score;
  /** Relative to the site root. */
  badge: string;
  /** The run's report.html relative to the site, when one sat beside its results file; else null. */
  report: string | null;
}

export interface MatrixCase {
  id: string;
  area: Area;
  subject: string;
}

export interface MatrixCell {
  case: string;
  /** A target slug. */
  target: string;
  verdict: Verdict;
  declared: string;
  observed: string;
  confidence: CaseResult['confidence'];
  message: string;
  source: string | null;
  sourceUrl: string | null;
  parity?: CaseResult['parity'];
  /** The case in the run's report (`report.html#case-<id>`), when the column has a report; else null. */
  report: string | null;
}

export interface Matrix {
  schema: 'oai-compat.matrix/v1';
  title: string;
  targets: MatrixTarget[];
  /** Every case any target ran, in area order, then by id. */
  cases: MatrixCase[];
  /** One per (case, target) that ran; a missing cell means that target did not run that case. */
  cells: MatrixCell[];
}

export function slugify(text: string): string {
  return (
    text
      .normalize('NFKD')
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 60) || 'target'
  );
}

function parityOf(r: Results): Pick<MatrixTarget, 'parity' | 'parityScore'> {
  const parity = summarizeParity(r.cases);
  return parity ? { parity, parityScore: scoreOf(parity) } : {};
}

/** Runs of one target share this key; emulator runs differ only by their loopback port, so it is left out. */
function targetKey(t: Results['target']): string {
  if (t.label) return `label:${t.label}`;
  const where = t.emulator ? `emulator:${t.fault ?? ''}` : t.baseUrl;
  return JSON.stringify([t.profile, t.model, where]);
}

/**
 * Build the matrix from runs in column order. `names` (file names, in the same order) only improve
 * error messages.
 */
export function buildMatrix(runs: Results[], options: { names?: string[]; title?: string; reports?: (string | null)[] } = {}): Matrix {
  if (runs.length === 0) throw new Error('a matrix needs at least one results file');
  const name = (i: number) => options.names?.[i] ?? `input ${i + 1}`;

  const groups = new Map<string, number[]>();
  runs.forEach((r, i) => {
    const key = targetKey(r.target);
    groups.set(key, [...(groups.get(key) ?? []), i]);
  });
  const columns: Results[] = [];
  const reports: (string | null)[] = [];
  for (const indexes of groups.values()) {
    const members = indexes.map((i) => runs[i]!);
    if (members.length > 1 && !members.every((r) => r.shard)) {
      throw new Error(
        `${indexes.map(name).join(' and ')} are runs of the same target (${targetName(members[0]!.target)}, ${targetHost(
          members[0]!.target,
        )}); give them distinct target labels or merge their shards first`,
      );
    }
    columns.push(members.length > 1 ? mergeResults(members) : members[0]!);
    // Shards each have a report of their own part; the first one found stands for the column.
    reports.push(indexes.map((i) => options.reports?.[i] ?? null).find((r) => r !== null) ?? null);
  }

  const used = new Set<string>();
  const targets: MatrixTarget[] = columns.map((r, col) => {
    const t = r.target;
    const base = slugify(t.label ?? `${t.profile}-${t.model}`);
    let slug = base;
    if (used.has(slug)) slug = slugify(`${base}-${targetHost(t)}`);
    for (let n = 2; used.has(slug); n++) slug = `${base}-${n}`;
    used.add(slug);
    return {
      slug,
      label: targetName(t),
      host: targetHost(t),
      baseUrl: t.baseUrl,
      profile: t.profile,
      model: t.model,
      emulator: Boolean(t.emulator),
      ...(t.fault ? { fault: t.fault } : {}),
      toolVersion: r.tool.version,
      startedAt: r.startedAt,
      finishedAt: r.finishedAt,
      summary: r.summary,
      score: scoreOf(r.summary),
      ...parityOf(r),
      badge: `badges/${slug}.svg`,
      report: reports[col] ?? null,
    };
  });

  const caseInfo = new Map<string, MatrixCase>();
  const cells: MatrixCell[] = [];
  columns.forEach((r, col) => {
    const seen = new Set<string>();
    for (const c of r.cases) {
      if (seen.has(c.id)) continue; // one answer per cell; a duplicated case id keeps its first result
      seen.add(c.id);
      if (!caseInfo.has(c.id)) caseInfo.set(c.id, { id: c.id, area: c.area, subject: c.subject });
      cells.push({
        case: c.id,
        target: targets[col]!.slug,
        verdict: c.verdict,
        declared: c.declared,
        observed: c.observed,
        confidence: c.confidence,
        message: c.message,
        source: c.source,
        sourceUrl: c.sourceUrl ?? null,
        ...(c.parity ? { parity: c.parity } : {}),
        report: targets[col]!.report ? `${targets[col]!.report}#case-${encodeURIComponent(c.id)}` : null,
      });
    }
  });
  const cases = [...caseInfo.values()].sort((a, b) => AREAS.indexOf(a.area) - AREAS.indexOf(b.area) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));

  return { schema: 'oai-compat.matrix/v1', title: options.title ?? 'oai-compat compatibility matrix', targets, cases, cells };
}

/** Look up a cell quickly: `cellIndex(m).get(caseId)?.get(slug)`. */
export function cellIndex(m: Matrix): Map<string, Map<string, MatrixCell>> {
  const index = new Map<string, Map<string, MatrixCell>>();
  for (const cell of m.cells) {
    let row = index.get(cell.case);
    if (!row) index.set(cell.case, (row = new Map()));
    row.set(cell.target, cell);
  }
  return index;
}
