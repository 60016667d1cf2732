/**
 * report.html: one self-contained file (inline CSS and JS, no fonts, no fetches) a person opens from a
 * CI artifact to see what the target did. A table per area, a filter bar (area, verdict, text), and
 * behind each case a <details> with its evidence and the redacted exchanges it read.
 *
 * The page leads with the findings (each cause with its cases, src/report/findings.ts); within an area
 * the failures come first, then inconclusive, skipped and passing cases, so nothing has to be unticked
 * to see what is wrong. The filters live in the URL's fragment (#verdict=fail&area=stream&q=usage):
 * a filtered view can be bookmarked or sent, and is restored when the page is opened.
 *
 * Exchanges are rendered once each, into <template> elements, and cloned into a case's details when
 * it is first opened: a baseline exchange read by fifty cases is stored once, so the file grows with
 * the traffic, not with traffic × cases. Rows carry data-case-id / data-area / data-verdict for the
 * filter script and for tests.
 */
import type { CaseResult, ExchangeRecord, Results } from '../results/results.types.js';
import { describeRequests, groupByArea, summarizeParity, VERDICT_LEGEND, VERDICTS } from './areas.js';
import { escapeHtml, safeHttpUrl } from './escape.js';
import { exchangeHeadline, renderCaseFacts, renderExchange } from './html-exchange.js';
import { findingsOf, type Finding } from './findings.js';
import { roundFloatsIn, runDuration, targetName } from './labels.js';
import { BASE_CSS, htmlPage } from './page.js';
import { pacingText } from './pacing.js';
import { runNotices, warningCases } from './warnings.js';

/** Declared/observed are shown in full in the details; the table row keeps them to a readable length. */
const CELL_LIMIT = 160;

function clip(raw: string, limit = CELL_LIMIT): string {
  const text = roundFloatsIn(raw);
  return text.length > limit ? `${text.slice(0, limit)}…` : text;
}

/** Row order inside an area: what needs a reader first. */
const VERDICT_RANK: Record<CaseResult['verdict'], number> = { fail: 0, inconclusive: 1, skip: 2, pass: 3 };

/** Case ids shown per cause before "and N more" (the filter shows them all). */
const FINDING_IDS = 24;

function findingItem(f: Finding): string {
  const ids = f.cases
    .slice(0, FINDING_IDS)
    .map((c) => `<button type="button" class="goto" data-goto="${escapeHtml(c.id)}"><code>${escapeHtml(c.id)}</code></button>`)
    .join(' ');
  const more = f.cases.length > FINDING_IDS ? ` <span class="muted">and ${f.cases.length - FINDING_IDS} more</span>` : '';
  const n = f.cases.length;
  return `<li data-cause-cases="${n}">${verdictBadge(f.verdict)} <strong>${escapeHtml(clip(f.cause, 300))}</strong> <span class="muted">${n} case${n === 1 ? '' : 's'}</span><div class="ids">${ids}${more}</div></li>`;
}

/** The findings: every failure by cause, then the shared reasons cases went unchecked. */
function findingsSection(cases: readonly CaseResult[]): string {
  if (!cases.length) return '';
  const { failures, unchecked } = findingsOf(cases);
  const failed = failures.reduce((n, f) => n + f.cases.length, 0);
  const head = failed
    ? `<h2>Findings <span class="muted">(${failed} failure${failed === 1 ? '' : 's'} from ${failures.length} cause${failures.length === 1 ? '' : 's'})</span></h2><ul class="findings" data-findings="fail">${failures.map(findingItem).join('')}</ul>`
    : '<h2>Findings</h2><p class="muted">No failures.</p>';
  const rest = unchecked.length
    ? `<h3>Not checked, by shared reason</h3><ul class="findings" data-findings="unchecked">${unchecked.map(findingItem).join('')}</ul>`
    : '';
  return `<section class="findings" id="findings">${head}${rest}</section>`;
}

function verdictBadge(v: string): string {
  return `<span class="v v-${escapeHtml(v)}">${escapeHtml(v)}</span>`;
}

function sourceLink(c: CaseResult): string {
  const href = safeHttpUrl(c.sourceUrl);
  const text = c.source ?? (href ? 'source' : '');
  if (!href) return text ? `<span class="src">${escapeHtml(text)}</span>` : '';
  return `<a class="src" href="${escapeHtml(href)}" target="_blank" rel="noopener noreferrer">${escapeHtml(text)}</a>`;
}

const CSS = `${BASE_CSS}
header{margin-bottom:12px}
.target{margin:2px 0 10px;color:var(--muted)}.target code{color:var(--fg)}
.stats{display:flex;flex-wrap:wrap;gap:8px;align-items:center}
.stats .v{font-size:13px;line-height:24px;padding:0 10px}
.filters{position:sticky;top:0;z-index:2;background:var(--bg);border-bottom:1px solid var(--line);
padding:10px 0;display:flex;flex-wrap:wrap;gap:6px 20px;align-items:center}
.filters fieldset{border:0;margin:0;padding:0;display:flex;flex-wrap:wrap;gap:4px 12px;align-items:center}
.filters legend{float:left;font-weight:600;margin-right:4px;padding:0}
.filters label{white-space:nowrap;cursor:pointer}
.filters input[type=search]{padding:4px 8px;border:1px solid var(--line);border-radius:6px;min-width:220px;font:inherit}
#shown{margin-left:auto}
table.cases{table-layout:fixed;margin-bottom:4px}
table.cases td{overflow-wrap:anywhere}
table.cases th{white-space:normal}
col.c-id{width:19%}col.c-decl{width:10%}col.c-obs{width:12%}col.c-v{width:9%}col.c-par{width:9%}
col.c-conf{width:9%}col.c-src{width:12%}
tbody.case tr.main td{border-bottom:0;padding-bottom:2px}
tbody.case tr.detail td{padding-top:0}
td.id code{font-weight:600}
td.msg{white-space:pre-line}
.src{font-size:12px}
details>summary{cursor:pointer;color:var(--muted);font-size:12px;list-style-position:inside}
details[open]>summary{margin-bottom:8px}
.facts,.xcols{display:grid;grid-template-columns:minmax(0,1fr) minmax(0,1fr);gap:16px}
h4{margin:10px 0 4px;font-size:12px;text-transform:uppercase;letter-spacing:.03em;color:var(--muted)}
h4 .muted{text-transform:none;letter-spacing:0;font-weight:400}
table.kv{width:100%;font-size:12.5px}
table.kv th{width:32%;background:none;text-transform:none;color:var(--muted);white-space:normal;overflow-wrap:anywhere}
table.kv td{overflow-wrap:anywhere}
table.kv th,table.kv td{padding:2px 6px}
pre{margin:0;white-space:pre-wrap;overflow-wrap:anywhere}
pre.body{background:var(--soft);border:1px solid var(--line);border-radius:6px;padding:8px;max-height:420px;overflow:auto}
.xchg{border:1px solid var(--line);border-radius:8px;padding:8px 12px;margin:10px 0;background:#fff}
.xhead{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;font-size:12.5px;overflow-wrap:anywhere}
.xhead .muted{font-family:system-ui,sans-serif;font-size:12px;display:block}
.method{font-weight:700}
.status{font-weight:700;padding:0 6px;border-radius:4px}
.status.ok{color:var(--pass);background:var(--pass-bg)}.status.bad{color:var(--fail);background:var(--fail-bg)}
.status.other{color:var(--inconclusive);background:var(--inconclusive-bg)}
.xerr{color:var(--fail)}
#empty{padding:24px 0}
.notice{border-left:4px solid var(--inconclusive);background:var(--inconclusive-bg);padding:8px 12px;margin:8px 0}
section.warnings ul{margin:4px 0 12px;padding-left:20px}
footer{margin-top:32px;color:var(--muted);font-size:12px}
h2 .muted{text-transform:none}
ul.findings{margin:4px 0 12px;padding-left:0;list-style:none}ul.findings li{margin:6px 0}
ul.findings .ids{margin:2px 0 0 4px}
h3{font-size:14px;margin:14px 0 4px}
button.goto{border:0;background:none;padding:0 4px 0 0;cursor:pointer;color:var(--link);font:inherit}
button.goto:hover{text-decoration:underline}
.presets button{font:inherit;font-size:12.5px;padding:2px 10px;border:1px solid var(--line);border-radius:6px;background:var(--soft);cursor:pointer}
@media (max-width:900px){.facts,.xcols{grid-template-columns:1fr}body{padding:12px}}
`;

/**
 * Filters (kept in the URL fragment), presets, jumps from a finding to its case, and lazy exchanges.
 * Kept small and dependency-free; it only reads data attributes we wrote.
 */
const JS = `(() => {
  const all = (sel, root) => Array.from((root || document).querySelectorAll(sel));
  const boxes = all('input[data-filter]');
  const search = document.getElementById('q');
  const shown = document.getElementById('shown');
  const empty = document.getElementById('empty');
  const rows = all('tbody[data-case-id]');
  const total = rows.length;
  const kinds = ['area', 'verdict'];
  function fromUrl() {
    const p = new URLSearchParams(location.hash.slice(1));
    for (const kind of kinds) {
      const want = p.has(kind) ? new Set(p.get(kind).split(',')) : null;
      for (const b of boxes) if (b.dataset.filter === kind) b.checked = !want || want.has(b.value);
    }
    search.value = p.get('q') || '';
  }
  function toUrl() {
    const p = new URLSearchParams();
    for (const kind of kinds) {
      const of = boxes.filter((b) => b.dataset.filter === kind);
      const on = of.filter((b) => b.checked).map((b) => b.value);
      if (on.length < of.length) p.set(kind, on.join(','));
    }
    if (search.value.trim()) p.set('q', search.value.trim());
    const hash = p.toString().replace(/%2C/g, ',');
    if (hash !== location.hash.slice(1)) history.replaceState(null, '', hash ? '#' + hash : location.pathname + location.search);
  }
  function apply() {
    const on = { area: new Set(), verdict: new Set() };
    for (const b of boxes) if (b.checked) on[b.dataset.filter].add(b.value);
    const text = search.value.trim().toLowerCase();
    let count = 0;
    for (const section of all('section[data-area]')) {
      let any = false;
      for (const row of all('tbody[data-case-id]', section)) {
        const ok = on.area.has(row.dataset.area) && on.verdict.has(row.dataset.verdict) &&
          (!text || row.textContent.toLowerCase().includes(text));
        row.hidden = !ok;
        if (ok) { any = true; count++; }
      }
      section.hidden = !any;
    }
    shown.textContent = count + ' of ' + total + ' cases shown';
    empty.hidden = count > 0 || total === 0;
  }
  const changed = () => { apply(); toUrl(); };
  for (const b of boxes) b.addEventListener('change', changed);
  search.addEventListener('input', changed);
  for (const button of all('button[data-preset]')) {
    button.addEventListener('click', () => {
      const verdicts = button.dataset.preset === 'all' ? null : new Set(button.dataset.preset.split(','));
      for (const b of boxes) b.checked = b.dataset.filter === 'area' || !verdicts || verdicts.has(b.value);
      search.value = '';
      changed();
    });
  }
  function fill(d) {
    if (d.dataset.filled) return;
    d.dataset.filled = '1';
    for (const slot of all('[data-exchange-slot]', d)) {
      const t = document.getElementById('xt-' + slot.dataset.exchangeSlot);
      if (t) slot.replaceWith(t.content.cloneNode(true));
    }
  }
  for (const d of all('details[data-lazy]')) d.addEventListener('toggle', () => { if (d.open) fill(d); });
  for (const button of all('button[data-goto]')) {
    button.addEventListener('click', () => {
      const row = rows.find((r) => r.dataset.caseId === button.dataset.goto);
      if (!row) return;
      if (row.hidden) { for (const b of boxes) b.checked = true; search.value = ''; changed(); }
      const d = row.querySelector('details');
      if (d) { d.open = true; fill(d); }
      row.scrollIntoView({ block: 'center' });
    });
  }
  window.addEventListener('hashchange', () => { fromUrl(); apply(); });
  fromUrl();
  apply();
})();`;

export function renderHtml(results: Results): string {
  const { target, summary } = results;
  const withParity = results.cases.some((c) => c.parity);
  const parity = summarizeParity(results.cases);
  const groups = groupByArea(results.cases);

  // Exchanges by id, each given a small index for its <template id>: ids are target-influenced strings.
  const exchangeIndex = new Map<string, { n: number; x: ExchangeRecord }>();
  for (const x of results.exchanges ?? []) {
    if (!exchangeIndex.has(x.id)) exchangeIndex.set(x.id, { n: exchangeIndex.size, x });
  }
  const referenced = new Set<number>();

  const title = `oai-compat report: ${targetName(target)}`;
  const duration = runDuration(results);
  const pacing = pacingText(results.requests);
  const facts = [
    `<code>${escapeHtml(target.baseUrl)}</code>`,
    `profile <code>${escapeHtml(target.profile)}</code>`,
    `model <code>${escapeHtml(target.model)}</code>`,
  ];
  if (target.emulator) facts.push(target.fault ? `built-in emulator, fault <code>${escapeHtml(target.fault)}</code>` : 'built-in emulator');
  if (results.replayed) facts.push('replayed from a recording');

  const header = `<header>
<h1>${escapeHtml(title)}</h1>
<div class="target">${facts.join(' · ')}</div>
<div class="stats">${parity ? '<span class="muted">as documented</span> ' : ''}${VERDICTS.map((v) => `<span class="v v-${v}" data-count="${v}">${summary[v]} ${v}</span>`).join('')}
${parity ? `<span class="muted">OpenAI parity</span> ${VERDICTS.map((v) => `<span class="v v-${v}" data-parity-count="${v}">${parity[v]} ${v}</span>`).join('')}` : ''}
<span class="muted">requests: ${escapeHtml(describeRequests(results.requests))}${duration ? ` · ${escapeHtml(duration)}` : ''} · started ${escapeHtml(results.startedAt)}</span></div>
${parity ? `<p class="muted legend">${escapeHtml(VERDICT_LEGEND)}</p>` : ''}
${pacing ? `<p class="muted pacing">pacing: ${escapeHtml(pacing)}</p>` : ''}
</header>`;

  const notices = runNotices(results)
    .map((n) => `<p class="notice" role="alert">${escapeHtml(n)}</p>`)
    .join('\n');
  const warned = warningCases(results.cases);
  const warnings = warned.length
    ? `<section class="warnings" data-warnings="${warned.length}"><h2>Warnings <span class="muted">(${warned.length} inconclusive)</span></h2><ul>${warned
        .map((c) => `<li><code>${escapeHtml(c.id)}</code>: ${escapeHtml(clip(c.message, 400))}</li>`)
        .join('')}</ul></section>`
    : '';

  const areaCounts = groups.map(([a, cs]) => [a, cs.length] as const);
  const verdictCounts = VERDICTS.map((v) => [v, results.cases.filter((c) => c.verdict === v).length] as const);
  const filters = `<nav class="filters" aria-label="Filters">
<fieldset><legend>Area</legend>${areaCounts
    .map(([a, n]) => `<label><input type="checkbox" data-filter="area" value="${a}" checked> ${a} <span class="muted">${n}</span></label>`)
    .join('')}</fieldset>
<fieldset><legend>Verdict</legend>${verdictCounts
    .map(([v, n]) => `<label><input type="checkbox" data-filter="verdict" value="${v}" checked> ${v} <span class="muted">${n}</span></label>`)
    .join('')}</fieldset>
<span class="presets"><button type="button" data-preset="fail">Failures only</button> <button type="button" data-preset="fail,inconclusive">Failures and inconclusive</button> <button type="button" data-preset="all">Everything</button></span>
<input type="search" id="q" placeholder="Filter by case id or text" aria-label="Filter by text">
<span id="shown" class="muted"></span>
</nav>`;

  const columns = ['Case', 'Declared', 'Observed', 'As documented'];
  const colClasses = ['c-id', 'c-decl', 'c-obs', 'c-v'];
  if (withParity) {
    columns.push('OpenAI parity');
    colClasses.push('c-par');
  }
  columns.push('Confidence', 'Message', 'Source');
  colClasses.push('c-conf', 'c-msg', 'c-src');

  const sections = groups
    .map(([area, inArea]) => {
      const cases = [...inArea].sort((a, b) => VERDICT_RANK[a.verdict] - VERDICT_RANK[b.verdict]);
      const rows = cases
        .map((c) => {
          const ids = c.exchanges ?? [];
          const slots = ids
            .map((id) => {
              const hit = exchangeIndex.get(id);
              if (!hit) return `<p class="muted">Exchange ${escapeHtml(id)} is not recorded in results.json.</p>`;
              referenced.add(hit.n);
              return `<div data-exchange-slot="${hit.n}"></div>`;
            })
            .join('');
          const headlines = ids
            .map((id) => exchangeIndex.get(id))
            .filter((h): h is { n: number; x: ExchangeRecord } => h !== undefined)
            .map((h) => exchangeHeadline(h.x));
          const summaryText =
            ids.length === 0
              ? 'Evidence'
              : `Evidence and ${ids.length} exchange${ids.length === 1 ? '' : 's'}` +
                (headlines.length ? ` (${headlines.slice(0, 3).join(', ')}${headlines.length > 3 ? ', …' : ''})` : '');
          const cells = [
            `<td class="id"><code>${escapeHtml(c.id)}</code></td>`,
            `<td><code>${escapeHtml(clip(c.declared))}</code></td>`,
            `<td><code>${escapeHtml(clip(c.observed))}</code></td>`,
            `<td>${verdictBadge(c.verdict)}</td>`,
          ];
          if (withParity) cells.push(`<td>${c.parity ? verdictBadge(c.parity.verdict) : ''}</td>`);
          cells.push(`<td>${escapeHtml(c.confidence)}</td>`, `<td class="msg">${escapeHtml(clip(c.message, 400))}</td>`, `<td>${sourceLink(c)}</td>`);
          // id: the anchor a matrix cell links to (report.html#case-<id>).
          return `<tbody class="case" data-case-id="${escapeHtml(c.id)}" data-area="${escapeHtml(c.area)}" data-verdict="${escapeHtml(c.verdict)}"${
            c.parity ? ` data-parity="${escapeHtml(c.parity.verdict)}"` : ''
          } id="case-${escapeHtml(c.id)}">
<tr class="main">${cells.join('')}</tr>
<tr class="detail"><td colspan="${columns.length}"><details data-lazy><summary>${escapeHtml(summaryText)}</summary>
${renderCaseFacts(c)}${slots}</details></td></tr>
</tbody>`;
        })
        .join('\n');
      return `<section data-area="${area}">
<h2>${area} <span class="muted">(${cases.length})</span></h2>
<table class="cases"><colgroup>${colClasses.map((k) => `<col class="${k}">`).join('')}</colgroup>
<thead><tr>${columns.map((h) => `<th>${h}</th>`).join('')}</tr></thead>
${rows}
</table>
</section>`;
    })
    .join('\n');

  const templates = [...exchangeIndex.values()]
    .filter(({ n }) => referenced.has(n))
    .map(({ n, x }) => `<template id="xt-${n}">${renderExchange(x)}</template>`)
    .join('\n');

  const body = `${header}
${notices}
${findingsSection(results.cases)}
${warnings}
${filters}
<main>
${sections || '<p class="muted">No cases ran.</p>'}
<p id="empty" class="muted" hidden>No case matches the filters.</p>
</main>
${templates}
<footer>Generated by ${escapeHtml(results.tool.name)} ${escapeHtml(results.tool.version)} from results.json (${escapeHtml(
    results.schema,
  )}). Finished ${escapeHtml(results.finishedAt)}.</footer>`;

  return htmlPage({ title, css: CSS, js: JS, body });
}
