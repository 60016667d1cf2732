/**
 * The compatibility matrix: several runs (targets, models, providers) side by side, like a caniuse
 * table. This module builds the matrix as data (which is also index.json, for anyone who wants to
 * render it differently) and writes the site; the HTML, markdown and badges each have their own module.
 *
 * Columns are targets, one per distinct target: results files of the same target that are shards of
 * one run are merged first (merge.ts); two full runs of the same target are refused, since a column
 * cannot hold two answers; give them distinct `target.label`s to compare them.
 */
import { makeDir } from '../fs/make-dir.js';
import { writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
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
  makeDir(badgeDir);
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
       oai-compat matrix --documented [RESULTS.json...] --out DIR [--title TEXT]

Build a compatibility matrix site from the results of several targets or models:
  DIR/index.html       targets as columns, cases as rows (self-contained page)
  DIR/matrix.md        the same as markdown
  DIR/index.json       the matrix as data (targets, cases, cells)
  A report.html beside a results file is linked from its column and cells.
  DIR/badges/<t>.svg   one badge per target: pass / (pass + fail); skips and
                       inconclusive cases are not counted either way

Shards of one run of a target are merged into one column.

With --documented, the matrix of what the built-in profiles declare, from the
profiles alone (no request is sent): DIR/index.html, one page per area
(DIR/<area>.html and .md: a row per feature, a column per provider, each cell
the declared status linking to its source) and DIR/documented-matrix.json
(specs/schema/documented-matrix.schema.json). RESULTS.json files given with it
are laid beside their provider's column as "measured", disagreements outlined.

Options:
  --out DIR     where to write the site (required)
  --documented  the documented matrix (see above)
  --title TEXT  page title (default "oai-compat compatibility matrix")
  -h, --help    show this help

Exit status: 0 written, 2 usage error or unreadable/invalid file.`;

export async function matrixCommand(argv: string[], io: CommandIO = processIO): Promise<number> {
  const parsed = parseCommandArgs(argv, { out: { type: 'string', short: 'o' }, title: { type: 'string' }, documented: { type: 'boolean' } }, MATRIX_USAGE, io);
  if (typeof parsed === 'number') return parsed;
  const { positionals, values } = parsed;
  if (values.documented) return documentedCommand(positionals, values.out as string | undefined, values.title as string | undefined, io);
  if (positionals.length === 0) return usageError('matrix needs at least one results file', MATRIX_USAGE, io);
  const out = values.out as string | undefined;
  if (!out) return usageError('matrix needs --out DIR', MATRIX_USAGE, io);

  let m: Matrix;
  try {
    const runs = await Promise.all(positionals.map((f) => readResultsFile(f)));
    // A report.html beside a results file is linked from its column and cells (the run's own evidence).
    const reports = positionals.map((f) => {
      const report = join(dirname(f), 'report.html');
      return existsSync(report) ? relative(resolve(out), resolve(report)).split(sep).join('/') : null;
    });
    m = buildMatrix(runs, { names: positionals, title: values.title as string | undefined, reports });
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

/** `matrix --documented`: the profiles' declarations as a site, with measured runs beside them when given. */
async function documentedCommand(files: string[], out: string | undefined, title: string | undefined, io: CommandIO): Promise<number> {
  if (!out) return usageError('matrix --documented needs --out DIR', MATRIX_USAGE, io);
  const { buildDocumentedMatrix } = await import('../spec/documented-matrix.js');
  const { SPECS_DIR } = await import('../spec/load.js');
  const { measuredColumns, writeDocumentedSite } = await import('./matrix-documented.js');
  let site: Parameters<typeof writeDocumentedSite>[1];
  try {
    const matrix = buildDocumentedMatrix({ title });
    const runs = await Promise.all(files.map(async (file) => ({ file, results: await readResultsFile(file) })));
    const specsHref = `${relative(resolve(out), SPECS_DIR).split(sep).join('/')}/`;
    site = { matrix, measured: measuredColumns(runs, resolve(out), matrix), specsHref };
  } catch (err) {
    return inputError((err as Error).message, io);
  }
  let written: string[];
  try {
    written = await writeDocumentedSite(out, site);
  } catch (err) {
    return outputError(err, io);
  }
  const m = site.matrix;
  io.stderr(
    `documented matrix of ${m.providers.length} providers × ${m.areas.reduce((n, a) => n + a.features.length, 0)} features${
      site.measured.length ? `, ${site.measured.length} measured run${site.measured.length === 1 ? '' : 's'} beside` : ''
    } → ${written.length} files in ${out}\n`,
  );
  return EXIT_OK;
}
