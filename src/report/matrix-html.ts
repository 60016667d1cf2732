/**
 * The matrix site's index.html: a caniuse-style table, targets as columns and cases as rows grouped by
 * area, each cell coloured by verdict with the observed value as text and a link to the documentation
 * that cell was judged against (and to the case in the run's report, when one sat beside its results).
 * Self-contained (see page.ts); the only script is a filter that hides rows with nothing to look at (every
 * target passes or skips, no parity failure) and an area filter.
 */
import { groupByArea, VERDICT_LEGEND, VERDICTS } from './areas.js';
import { scoreColor, scoreText } from './badge.js';
import { escapeHtml, safeHttpUrl } from './escape.js';
import { cellIndex, type Matrix, type MatrixCell, type MatrixTarget } from './matrix-model.js';
import { BASE_CSS, htmlPage } from './page.js';

const OBSERVED_LIMIT = 48;

function tooltip(cell: MatrixCell): string {
  const lines = [`${cell.verdict} (${cell.confidence})`, `declared: ${cell.declared}`, `observed: ${cell.observed}`, cell.message];
  if (cell.parity) lines.push(`OpenAI parity: ${cell.parity.verdict} (OpenAI declares ${cell.parity.declared})`);
  if (cell.source) lines.push(`source: ${cell.source}`);
  const text = lines.filter(Boolean).join('\n');
  return text.length > 1200 ? `${text.slice(0, 1200)}…` : text;
}

function renderCell(cell: MatrixCell | undefined, slug: string): string {
  if (!cell) return `<td class="cell none" data-target="${escapeHtml(slug)}" data-verdict="none"><span class="muted">not run</span></td>`;
  const observed = cell.observed.length > OBSERVED_LIMIT ? `${cell.observed.slice(0, OBSERVED_LIMIT)}…` : cell.observed;
  const href = safeHttpUrl(cell.sourceUrl);
  const source = href
    ? `<a class="src" href="${escapeHtml(href)}" target="_blank" rel="noopener noreferrer" title="${escapeHtml(cell.source ?? href)}">source</a>`
    : cell.source
      ? `<span class="src" title="${escapeHtml(cell.source)}">${escapeHtml(cell.source.length > 40 ? `${cell.source.slice(0, 40)}…` : cell.source)}</span>`
      : '';
  const report = cell.report ? `<a class="src" href="${escapeHtml(cell.report)}" title="this case in the run's report">report</a>` : '';
  return `<td class="cell c-${escapeHtml(cell.verdict)}" data-target="${escapeHtml(slug)}" data-verdict="${escapeHtml(cell.verdict)}"${
    cell.parity ? ` data-parity="${escapeHtml(cell.parity.verdict)}"` : ''
  } title="${escapeHtml(tooltip(cell))}"><span class="mark">${escapeHtml(cell.verdict)}</span>${
    cell.parity ? ` <span class="pmark p-${escapeHtml(cell.parity.verdict)}">parity ${escapeHtml(cell.parity.verdict)}</span>` : ''
  } <span class="obs">${escapeHtml(observed || '—')}</span>${source}${report}</td>`;
}

const CSS = `${BASE_CSS}
.intro{color:var(--muted);margin:4px 0 12px;max-width:70em}
.controls{display:flex;flex-wrap:wrap;gap:6px 18px;align-items:center;margin:8px 0 12px}
.controls label{white-space:nowrap;cursor:pointer}
.legend{display:flex;gap:6px;flex-wrap:wrap;margin-left:auto}
.scroll{overflow:auto;max-height:calc(100vh - 40px);border:1px solid var(--line);border-radius:8px}
table.matrix{border-collapse:separate;border-spacing:0;width:auto;min-width:100%}
table.matrix th,table.matrix td{border-bottom:1px solid var(--line);border-right:1px solid var(--line)}
table.matrix thead th{position:sticky;top:0;z-index:2;background:var(--soft);vertical-align:bottom;min-width:150px;max-width:220px;white-space:normal}
table.matrix thead th.corner{left:0;z-index:3}
.tlabel{display:block;color:var(--fg);font-size:13px}
.thost{display:block;font-weight:400}
.score{display:inline-block;margin-top:4px;padding:0 6px;border-radius:4px;color:#fff;font-weight:700;font-size:12px;text-shadow:0 1px 0 rgba(0,0,0,.35)}
.score-n-a{background:#9f9f9f}
th.case{position:sticky;left:0;z-index:1;background:var(--bg);font-weight:400;color:var(--fg);white-space:nowrap;font-size:13px}
tr.area th{background:var(--soft);color:var(--fg);font-size:13px;text-transform:capitalize;position:sticky;left:0}
td.cell{font-size:12px;line-height:1.35;max-width:220px;overflow-wrap:anywhere}
td.cell .pmark{font-size:10.5px;margin-left:4px;text-transform:uppercase;letter-spacing:.04em}
td.cell .pmark.p-fail{color:#b42318;font-weight:700}
td.cell .mark{font-weight:700;text-transform:uppercase;font-size:10.5px;letter-spacing:.04em}
td.cell .obs{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;display:block}
td.cell .src{font-size:11px;display:block;margin-top:2px}
td.c-pass{background:var(--pass-bg)}td.c-pass .mark{color:var(--pass)}
td.c-fail{background:var(--fail-bg)}td.c-fail .mark{color:var(--fail)}
td.c-skip{background:var(--skip-bg)}td.c-skip .mark{color:var(--skip)}
td.c-inconclusive{background:var(--inconclusive-bg)}td.c-inconclusive .mark{color:var(--inconclusive)}
td.none{background:repeating-linear-gradient(45deg,#fff,#fff 6px,#f6f8fa 6px,#f6f8fa 12px)}
footer{margin-top:16px;color:var(--muted);font-size:12px}
`;

const JS = `(() => {
  const all = (sel) => Array.from(document.querySelectorAll(sel));
  const differing = document.getElementById('differing');
  const area = document.getElementById('area');
  const shown = document.getElementById('shown');
  function apply() {
    let count = 0;
    const visibleAreas = new Set();
    for (const row of all('tr[data-case-id]')) {
      // Nothing to look at: every target passes or skips (or did not run it), and no OpenAI-parity failure either.
      const cells = all('#' + row.id + ' td[data-verdict]');
      const quiet = cells.every((td) => ['pass', 'skip', 'none'].includes(td.dataset.verdict) && td.dataset.parity !== 'fail');
      const ok = (!differing.checked || !quiet) && (area.value === '' || row.dataset.area === area.value);
      row.hidden = !ok;
      if (ok) { count++; visibleAreas.add(row.dataset.area); }
    }
    for (const head of all('tr.area')) head.hidden = !visibleAreas.has(head.dataset.area);
    shown.textContent = count + ' of ' + all('tr[data-case-id]').length + ' cases shown';
  }
  differing.addEventListener('change', apply);
  area.addEventListener('change', apply);
  apply();
})();`;

/** The column's OpenAI-parity score beside its documented one (absent for OpenAI's own profile). */
function parityScore(t: MatrixTarget): string {
  if (!t.parityScore) return '';
  const cls = t.parityScore.percent === null ? 'score score-n-a' : 'score';
  return ` <span class="${cls}" data-color="${escapeHtml(scoreColor(t.parityScore))}">parity ${escapeHtml(scoreText(t.parityScore))}</span>`;
}

export function renderMatrixHtml(m: Matrix): string {
  const index = cellIndex(m);
  const groups = groupByArea(m.cases);

  const head = `<tr><th class="corner">Case</th>${m.targets
    .map((t) => {
      const score = scoreText(t.score);
      const scoreClass = t.score.percent === null ? 'score score-n-a' : 'score';
      // The score takes its badge's colour through a data attribute the stylesheet maps: the CSP forbids inline styles.
      return `<th data-target="${escapeHtml(t.slug)}" title="${escapeHtml(`${t.baseUrl}\nprofile ${t.profile} · model ${t.model}\noai-compat ${t.toolVersion} · ${t.startedAt}`)}">
<span class="tlabel">${escapeHtml(t.label)}</span><span class="thost muted">${escapeHtml(t.host)}</span>
<span class="${scoreClass}" data-color="${escapeHtml(scoreColor(t.score))}">documented ${escapeHtml(score)}</span>${parityScore(t)}</th>`;
    })
    .join('')}</tr>`;

  let rowNumber = 0;
  const body = groups
    .map(([area, cases]) => {
      const rows = cases
        .map((c) => {
          const id = `r${rowNumber++}`;
          const cells = m.targets.map((t) => renderCell(index.get(c.id)?.get(t.slug), t.slug)).join('');
          return `<tr id="${id}" data-case-id="${escapeHtml(c.id)}" data-area="${area}"><th class="case" scope="row"><code>${escapeHtml(
            c.id,
          )}</code></th>${cells}</tr>`;
        })
        .join('\n');
      return `<tr class="area" data-area="${area}"><th colspan="${m.targets.length + 1}">${area} <span class="muted">(${cases.length})</span></th></tr>\n${rows}`;
    })
    .join('\n');

  const legend = VERDICTS.map((v) => `<span class="v v-${v}">${v}</span>`).join('');
  const areaOptions = groups.map(([a]) => `<option value="${a}">${a}</option>`).join('');

  const page = `<h1>${escapeHtml(m.title)}</h1>
<p class="intro">${m.targets.length} target${m.targets.length === 1 ? '' : 's'} × ${m.cases.length} cases. Each cell says whether the target behaves as its
provider documents (the verdict) and what was observed; hover a cell for the declared value and the message, follow
"source" to the documentation. ${escapeHtml(VERDICT_LEGEND)}. Score = pass / (pass + fail); skipped and inconclusive cases are not counted.</p>
<div class="controls">
<label><input type="checkbox" id="differing"> Hide rows with nothing to look at (every target passes or skips)</label>
<label>Area <select id="area"><option value="">all</option>${areaOptions}</select></label>
<span id="shown" class="muted"></span>
<span class="legend">${legend}<span class="v muted">not run</span></span>
</div>
<div class="scroll"><table class="matrix">
<thead>${head}</thead>
<tbody>
${body}
</tbody>
</table></div>
<footer>Generated by oai-compat from ${m.targets.length} results file${m.targets.length === 1 ? '' : 's'} (${escapeHtml(m.schema)}); data in index.json.</footer>`;

  // Score colours, one rule per colour used (attribute selectors on values we produced, not on target text).
  const colours = [...new Set(m.targets.flatMap((t) => [scoreColor(t.score), ...(t.parityScore ? [scoreColor(t.parityScore)] : [])]))];
  const css = `${CSS}${colours.map((c) => `.score[data-color="${c}"]{background:${c}}`).join('')}`;
  return htmlPage({ title: m.title, css, js: JS, body: page });
}
