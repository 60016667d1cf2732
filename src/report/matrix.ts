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
import { scoreBadge } from './badge.js';
import { EXIT_OK, inputError, outputError, parseCommandArgs, processIO, usageError, type CommandIO } from './command.js';
import { readResultsFile } from './load.js';
import { renderMatrixHtml } from './matrix-html.js';
import { renderMatrixMarkdown } from './matrix-markdown.js';
import { buildMatrix, type Matrix } from './matrix-model.js';

export { buildMatrix, cellIndex, slugify, type Matrix, type MatrixCase, type MatrixCell, type MatrixTarget } from './matrix-model.js';

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
    ...m.targets.map((t, i) => writeFile(site.badges[i]!, scoreBadge(t.summary, t.parity), 'utf8')),
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
  const parsed = parseCommandArgs(argv, { out: { type: 'string', short: 'o' }, title: { type: 'string' } }, MATRIX_USAGE, io);
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
