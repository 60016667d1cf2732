/**
 * The compatibility matrix: several runs (targets, models, providers) side by side, like a caniuse
 * table. This module builds the matrix as data (which is also index.json, for anyone who wants to
 * render it differently) and writes the site; the HTML, markdown and badges each have their own module.
 *
 * Columns are targets, one per distinct target: results files of the same target that are shards of
 * one run are merged first (merge.ts); two full runs of the same target are refused, since a column
 * cannot hold two answers; give them distinct `target.label`s to compare them.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { CaseResult, Results, Verdict } from '../results/results.types.js';
import { AREAS, type Area } from './areas.js';
import { scoreBadge, scoreOf, type Score } from './badge.js';
import { EXIT_OK, inputError, outputError, parseCommandArgs, processIO, usageError, type CommandIO } from './command.js';
import { targetHost, targetName } from './labels.js';
import { readResultsFile } from './load.js';
import { renderMatrixHtml } from './matrix-html.js';
import { renderMatrixMarkdown } from './matrix-markdown.js';
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
  /** Relative to the site root. */
  badge: string;
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
export function buildMatrix(runs: Results[], options: { names?: string[]; title?: string } = {}): Matrix {
  if (runs.length === 0) throw new Error('a matrix needs at least one results file');
  const name = (i: number) => options.names?.[i] ?? `input ${i + 1}`;

  const groups = new Map<string, number[]>();
  runs.forEach((r, i) => {
    const key = targetKey(r.target);
    groups.set(key, [...(groups.get(key) ?? []), i]);
  });
  const columns: Results[] = [];
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
  }

  const used = new Set<string>();
  const targets: MatrixTarget[] = columns.map((r) => {
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
      badge: `badges/${slug}.svg`,
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
      });
    }
  });
  const cases = [...caseInfo.values()].sort(
    (a, b) => AREAS.indexOf(a.area) - AREAS.indexOf(b.area) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0),
  );

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

export interface MatrixSite {
  html: string;
  markdown: string;
  json: string;
  badges: string[];
}

/** Write index.html, matrix.md, index.json and badges/<slug>.svg. The output is deterministic (no timestamps of its own). */
export async function writeMatrixSite(outDir: string, m: Matrix): Promise<MatrixSite> {
  const badgeDir = join(outDir, 'badges');
  await mkdir(badgeDir, { recursive: true });
  const site: MatrixSite = {
    html: join(outDir, 'index.html'),
    markdown: join(outDir, 'matrix.md'),
    json: join(outDir, 'index.json'),
    badges: m.targets.map((t) => join(outDir, t.badge)),
  };
  await Promise.all([
    writeFile(site.html, renderMatrixHtml(m), 'utf8'),
    writeFile(site.markdown, renderMatrixMarkdown(m), 'utf8'),
    writeFile(site.json, `${JSON.stringify(m, null, 2)}\n`, 'utf8'),
    ...m.targets.map((t, i) => writeFile(site.badges[i]!, scoreBadge(t.summary), 'utf8')),
  ]);
  return site;
}

export const MATRIX_USAGE = `Usage: oai-compat matrix RESULTS.json... --out DIR [--title TEXT]

Build a compatibility matrix site from the results of several targets or models:
  DIR/index.html       targets as columns, cases as rows (self-contained page)
  DIR/matrix.md        the same as markdown
  DIR/index.json       the matrix as data (targets, cases, cells)
  DIR/badges/<t>.svg   one badge per target: pass / (pass + fail); skips and
                       inconclusive cases are not counted either way

Shards of one run of a target are merged into one column.

Options:
  --out DIR     where to write the site (required)
  --title TEXT  page title (default "oai-compat compatibility matrix")
  -h, --help    show this help

Exit status: 0 written, 2 usage error or unreadable/invalid file.`;

export async function matrixCommand(argv: string[], io: CommandIO = processIO): Promise<number> {
  const parsed = parseCommandArgs(
    argv,
    { out: { type: 'string', short: 'o' }, title: { type: 'string' } },
    MATRIX_USAGE,
    io,
  );
  if (typeof parsed === 'number') return parsed;
  const { positionals, values } = parsed;
  if (positionals.length === 0) return usageError('matrix needs at least one results file', MATRIX_USAGE, io);
  const out = values.out as string | undefined;
  if (!out) return usageError('matrix needs --out DIR', MATRIX_USAGE, io);

  let m: Matrix;
  try {
    const runs = await Promise.all(positionals.map((f) => readResultsFile(f)));
    m = buildMatrix(runs, { names: positionals, title: values.title as string | undefined });
  } catch (err) {
    return inputError((err as Error).message, io);
  }
  let site: MatrixSite;
  try {
    site = await writeMatrixSite(out, m);
  } catch (err) {
    return outputError(err, io);
  }
  io.stderr(`matrix of ${m.targets.length} target${m.targets.length === 1 ? '' : 's'} × ${m.cases.length} cases → ${site.html}\n`);
  return EXIT_OK;
}
