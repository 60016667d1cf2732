/**
 * The documented-compatibility site (`oai-compat matrix --documented --out DIR`): from the profiles alone, one
 * page per area (a row per feature, a column per provider, each cell the declared status linking to the row's
 * source), an index, a markdown copy of each page (readable where HTML is not rendered) and
 * documented-matrix.json (specs/schema/documented-matrix.schema.json).
 *
 * Measured runs (results.json files) can be laid beside: each run's column sits next to its provider's
 * documented column, a cell the verdict of the case with the same id, linked to the run's report.html when
 * one sits beside the results file; a failure (the target does not do what its provider documents) is
 * highlighted on both cells. Output is deterministic: the same profiles and runs give the same bytes.
 */
import { existsSync } from 'node:fs';
import { makeDir } from '../fs/make-dir.js';
import { writeFile } from 'node:fs/promises';
import { dirname, join, relative, sep } from 'node:path';
import type { Results, Verdict } from '../results/results.types.js';
import type { DocumentedCell, DocumentedMatrix } from '../spec/documented-matrix.js';
import { escapeHtml, mdText, safeHttpUrl } from './escape.js';
import { targetName } from './labels.js';
import { BASE_CSS, htmlPage } from './page.js';

/** One measured run laid beside its provider's documented column. */
export interface MeasuredColumn {
  provider: string;
  label: string;
  /** Relative to the site (forward slashes); null when no report.html sits beside the results file. */
  report: string | null;
  cells: { feature: string; verdict: Verdict; observed: string; message: string; report: string | null }[];
}

export interface DocumentedSite {
  matrix: DocumentedMatrix;
  measured: MeasuredColumn[];
  /** Where specs/ is, relative to the site (e.g. `../../specs/` for docs/matrix): the links to the local copies. */
  specsHref: string;
}

/** How a status reads at a glance: honoured, partly, not, or a plain value (error statuses, claims). */
const STATUS_KIND: Record<string, 'yes' | 'part' | 'no'> = {
  supported: 'yes',
  populated: 'yes',
  present: 'yes',
  required: 'yes',
  'on-request': 'yes',
  always: 'yes',
  tolerated: 'yes',
  partial: 'part',
  optional: 'part',
  unsupported: 'part',
  'on-finish-chunk': 'part',
  ignored: 'no',
  stripped: 'no',
  rejected: 'no',
  refused: 'no',
  empty: 'no',
  absent: 'no',
  forbidden: 'no',
  never: 'no',
};

/** Measured runs from results files, keyed to the documented providers by the run's profile id. */
export function measuredColumns(runs: { results: Results; file: string }[], outDir: string, m: DocumentedMatrix): MeasuredColumn[] {
  const providers = new Set(m.providers.map((p) => p.id));
  const features = new Set(m.areas.flatMap((a) => a.features.map((f) => f.id)));
  return runs.map(({ results, file }) => {
    const provider = results.target.profile;
    if (!providers.has(provider)) {
      throw new Error(`${file}: a run of the profile "${provider}", which is not among the documented profiles (${[...providers].join(', ')})`);
    }
    const reportFile = join(dirname(file), 'report.html');
    const report = existsSync(reportFile) ? relative(outDir, reportFile).split(sep).join('/') : null;
    return {
      provider,
      label: targetName(results.target),
      report,
      cells: results.cases
        .filter((c) => features.has(c.id))
        .map((c) => ({
          feature: c.id,
          verdict: c.verdict,
          observed: c.observed,
          message: c.message,
          report: report ? `${report}#case-${encodeURIComponent(c.id)}` : null,
        })),
    };
  });
}

function sourceHref(cell: DocumentedCell, specsHref: string): string {
  return safeHttpUrl(cell.sourceUrl) ?? `${specsHref}${cell.sourceCopy}`;
}

const CSS = `${BASE_CSS}
.intro{color:var(--muted);margin:4px 0 12px;max-width:72em}
nav.areas{display:flex;flex-wrap:wrap;gap:4px 14px;margin:6px 0 14px}
nav.areas a.here{font-weight:700;color:var(--fg)}
.scroll{overflow:auto;max-height:calc(100vh - 40px);border:1px solid var(--line);border-radius:8px}
table.dm{border-collapse:separate;border-spacing:0;width:auto;min-width:100%}
table.dm th,table.dm td{border-bottom:1px solid var(--line);border-right:1px solid var(--line)}
table.dm thead th{position:sticky;top:0;z-index:2;background:var(--soft);vertical-align:bottom;min-width:96px;max-width:160px;white-space:normal}
table.dm thead th.corner{left:0;z-index:3}
table.dm thead th.measured{background:#eef4ff}
th.feature{position:sticky;left:0;z-index:1;background:var(--bg);font-weight:400;color:var(--fg);white-space:nowrap;font-size:13px}
td.cell{font-size:12px;line-height:1.35;max-width:160px;overflow-wrap:anywhere}
td.cell a.status{font-weight:700;display:block}
td.cell .detail{display:block;color:var(--muted);font-size:11px}
td.cell .from{display:block;color:var(--muted);font-size:10.5px}
td.k-yes{background:var(--pass-bg)}td.k-yes a.status{color:var(--pass)}
td.k-part{background:var(--inconclusive-bg)}td.k-part a.status{color:var(--inconclusive)}
td.k-no{background:var(--skip-bg)}td.k-no a.status{color:var(--fail)}
td.inherited{opacity:.8}
td.none{background:repeating-linear-gradient(45deg,#fff,#fff 6px,#f6f8fa 6px,#f6f8fa 12px)}
td.measured{background:#f5f8ff}
td.measured .mark{font-weight:700;text-transform:uppercase;font-size:10.5px;letter-spacing:.04em}
td.m-pass .mark{color:var(--pass)}td.m-fail .mark{color:var(--fail)}td.m-skip .mark{color:var(--skip)}td.m-inconclusive .mark{color:var(--inconclusive)}
td.disagree{outline:2px solid var(--fail);outline-offset:-2px;background:var(--fail-bg)}
ul.providers{columns:2;max-width:60em}
footer{margin-top:16px;color:var(--muted);font-size:12px}
`;

/** No behaviour on these pages: the CSP still wants a script hash, so the script is empty. */
const JS = '';

function areaNav(m: DocumentedMatrix, here: string | null): string {
  const links = [`<a href="index.html"${here === null ? ' class="here"' : ''}>overview</a>`];
  for (const a of m.areas) links.push(`<a href="${a.id}.html"${a.id === here ? ' class="here"' : ''}>${escapeHtml(a.title)}</a>`);
  return `<nav class="areas">${links.join('')}</nav>`;
}

const LEGEND =
  'Each cell is what the provider documents, linked to the table row it comes from (the published page where the profile has its URL, else the copy under specs/sources/). "from openai" marks a row the provider does not mention, so OpenAI\'s behaviour is assumed (inherited through `extends`). Green: honoured or present; yellow: partly, optional or unspecified; grey: ignored, rejected, empty or absent.';

function columnsOf(site: DocumentedSite): { provider: string; measured?: MeasuredColumn }[] {
  const out: { provider: string; measured?: MeasuredColumn }[] = [];
  for (const p of site.matrix.providers) {
    out.push({ provider: p.id });
    for (const mc of site.measured.filter((x) => x.provider === p.id)) out.push({ provider: p.id, measured: mc });
  }
  return out;
}

function cellIndex(m: DocumentedMatrix): Map<string, DocumentedCell> {
  return new Map(m.cells.map((c) => [`${c.feature}\u0000${c.provider}`, c]));
}

function renderAreaPage(site: DocumentedSite, areaId: string): string {
  const m = site.matrix;
  const area = m.areas.find((a) => a.id === areaId)!;
  const index = cellIndex(m);
  const providers = new Map(m.providers.map((p) => [p.id, p]));
  const columns = columnsOf(site);
  const measuredIndex = new Map(site.measured.map((mc) => [mc, new Map(mc.cells.map((c) => [c.feature, c]))]));

  const head = `<tr><th class="corner">Feature</th>${columns
    .map(({ provider, measured }) => {
      const p = providers.get(provider)!;
      if (measured) {
        const label = `measured: ${measured.label}`;
        const link = measured.report ? `<a href="${escapeHtml(measured.report)}">${escapeHtml(label)}</a>` : escapeHtml(label);
        return `<th class="measured" data-provider="${escapeHtml(provider)}" data-measured="true">${link}</th>`;
      }
      return `<th data-provider="${escapeHtml(provider)}" title="${escapeHtml(p.title)}"><a href="${escapeHtml(`${site.specsHref}${p.file}`)}">${escapeHtml(provider)}</a></th>`;
    })
    .join('')}</tr>`;

  const rows = area.features
    .map((f) => {
      const cells = columns
        .map(({ provider, measured }) => {
          const doc = index.get(`${f.id}\u0000${provider}`);
          const run = measured ? measuredIndex.get(measured)!.get(f.id) : undefined;
          const runs = site.measured.filter((x) => x.provider === provider).map((x) => measuredIndex.get(x)!.get(f.id));
          if (measured) {
            if (!run)
              return `<td class="cell measured none" data-provider="${escapeHtml(provider)}" data-measured="true"><span class="muted">not run</span></td>`;
            const mark = `<span class="mark">${escapeHtml(run.verdict)}</span>`;
            const body = run.report ? `<a href="${escapeHtml(run.report)}" title="${escapeHtml(run.message).replace(/\n/g, '&#10;')}">${mark}</a>` : mark;
            const obs = run.observed.length > 40 ? `${run.observed.slice(0, 40)}…` : run.observed;
            return `<td class="cell measured m-${run.verdict}${run.verdict === 'fail' ? ' disagree' : ''}" data-provider="${escapeHtml(provider)}" data-measured="true" data-verdict="${run.verdict}">${body}<span class="detail">${escapeHtml(obs)}</span></td>`;
          }
          if (!doc) {
            return `<td class="cell none" data-provider="${escapeHtml(provider)}"><a href="${escapeHtml(`${site.specsHref}${providers.get(provider)!.file}`)}" title="the profile has no row for it">not declared</a></td>`;
          }
          const kind = STATUS_KIND[doc.status];
          const inherited = doc.declaredBy !== provider;
          const disagree = runs.some((r) => r?.verdict === 'fail');
          const classes = ['cell', kind ? `k-${kind}` : 'k-value', inherited ? 'inherited' : '', disagree ? 'disagree' : ''].filter(Boolean).join(' ');
          const title = [doc.source, doc.note].filter(Boolean).join('\n');
          return `<td class="${classes}" data-provider="${escapeHtml(provider)}" data-status="${escapeHtml(doc.status)}"><a class="status" href="${escapeHtml(
            sourceHref(doc, site.specsHref),
          )}" title="${escapeHtml(title).replace(/\n/g, '&#10;')}" rel="noopener noreferrer">${escapeHtml(doc.status)}</a>${doc.detail ? `<span class="detail">${escapeHtml(doc.detail)}</span>` : ''}${
            inherited ? `<span class="from">from ${escapeHtml(doc.declaredBy)}</span>` : ''
          }</td>`;
        })
        .join('');
      return `<tr data-feature="${escapeHtml(f.id)}"><th class="feature" scope="row"><code>${escapeHtml(f.id)}</code></th>${cells}</tr>`;
    })
    .join('\n');

  const measuredNote = site.measured.length
    ? ` Measured columns sit beside their provider's: the run's verdict for the same case, linked to its report; a red outline marks a disagreement (the target does not do what its provider documents).`
    : '';
  const body = `<h1>${escapeHtml(m.title)}: ${escapeHtml(area.title)}</h1>
${areaNav(m, area.id)}
<p class="intro">${area.features.length} features × ${m.providers.length} providers. ${escapeHtml(LEGEND)}${escapeHtml(measuredNote)}</p>
<div class="scroll"><table class="dm">
<thead>${head}</thead>
<tbody>
${rows}
</tbody>
</table></div>
<footer>Generated by oai-compat from the profiles under specs/ (${escapeHtml(m.schema)}); data in documented-matrix.json.</footer>`;
  return htmlPage({ title: `${m.title}: ${area.title}`, css: CSS, js: JS, body });
}

function renderIndex(site: DocumentedSite): string {
  const m = site.matrix;
  const counts = m.areas
    .map((a) => `<li><a href="${a.id}.html">${escapeHtml(a.title)}</a> <span class="muted">(${a.features.length} features)</span></li>`)
    .join('');
  const providers = m.providers
    .map(
      (p) =>
        `<li><a href="${escapeHtml(`${site.specsHref}${p.file}`)}"><code>${escapeHtml(p.id)}</code></a> ${escapeHtml(p.title)}${
          p.extends ? ` <span class="muted">(extends ${escapeHtml(p.extends)})</span>` : ''
        }</li>`,
    )
    .join('');
  const measured = site.measured.length
    ? `<h2>Measured runs</h2><ul>${site.measured
        .map(
          (mc) => `<li>${escapeHtml(mc.provider)}: ${mc.report ? `<a href="${escapeHtml(mc.report)}">${escapeHtml(mc.label)}</a>` : escapeHtml(mc.label)}</li>`,
        )
        .join('')}</ul>`
    : '';
  const body = `<h1>${escapeHtml(m.title)}</h1>
${areaNav(m, null)}
<p class="intro">What each provider's own documentation says about its OpenAI compatibility, encoded as oai-compat profiles and rendered with no request sent. ${escapeHtml(LEGEND)}</p>
<h2>Areas</h2><ul>${counts}</ul>
<h2>Providers</h2><ul class="providers">${providers}</ul>
${measured}
<footer>Generated by oai-compat (${escapeHtml(m.schema)}); data in <a href="documented-matrix.json">documented-matrix.json</a>.</footer>`;
  return htmlPage({ title: m.title, css: CSS, js: JS, body });
}

function renderAreaMarkdown(site: DocumentedSite, areaId: string): string {
  const m = site.matrix;
  const area = m.areas.find((a) => a.id === areaId)!;
  const index = cellIndex(m);
  const cell = (text: string) => mdText(text).replace(/\|/g, '\\|');
  const header = `| feature | ${m.providers.map((p) => p.id).join(' | ')} |`;
  const rule = `|---|${m.providers.map(() => '---').join('|')}|`;
  const rows = area.features.map((f) => {
    const cells = m.providers.map((p) => {
      const c = index.get(`${f.id}\u0000${p.id}`);
      if (!c) return '—';
      const from = c.declaredBy !== p.id ? ` (from ${c.declaredBy})` : '';
      return `[${cell(c.status)}](${sourceHref(c, site.specsHref).replace(/\)/g, '%29').replace(/ /g, '%20')})${cell(from)}`;
    });
    return `| \`${f.id}\` | ${cells.join(' | ')} |`;
  });
  return `# ${m.title}: ${area.title}\n\n${LEGEND}\n\n${header}\n${rule}\n${rows.join('\n')}\n`;
}

/** Writes index.html, <area>.html and <area>.md per area, and documented-matrix.json; returns the files written. */
export async function writeDocumentedSite(outDir: string, site: DocumentedSite): Promise<string[]> {
  makeDir(outDir);
  const files: [string, string][] = [['index.html', renderIndex(site)]];
  for (const a of site.matrix.areas) {
    files.push([`${a.id}.html`, renderAreaPage(site, a.id)], [`${a.id}.md`, renderAreaMarkdown(site, a.id)]);
  }
  const json = site.measured.length ? { ...site.matrix, measured: site.measured } : site.matrix;
  files.push(['documented-matrix.json', compactJson(json)]);
  await Promise.all(files.map(([name, text]) => writeFile(join(outDir, name), text, 'utf8')));
  return files.map(([name]) => join(outDir, name));
}

/** JSON with one line per array item at the second level (a cell, a feature, a provider): diffable and a third of the pretty size. */
function compactJson(value: object): string {
  const parts = Object.entries(value).map(([k, v]) => {
    const items = Array.isArray(v) ? v.map((x) => `  ${JSON.stringify(x)}`).join(',\n') : undefined;
    return items === undefined ? ` ${JSON.stringify(k)}: ${JSON.stringify(v)}` : ` ${JSON.stringify(k)}: [\n${items}\n ]`;
  });
  return `{\n${parts.join(',\n')}\n}\n`;
}
