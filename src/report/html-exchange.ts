/**
 * One recorded exchange (and one case's evidence) as escaped HTML for report.html. Bodies come from
 * the target and may hold anything, including markup meant to run in the reader's browser: every
 * byte goes through escapeHtml and lands in <pre>, never in an attribute or a tag name.
 */
import type { CaseResult, ExchangeRecord } from '../results/results.types.js';
import { escapeHtml } from './escape.js';
import { formatDuration, formatNumber, roundedJson, roundFloatsIn } from './labels.js';

/** A report stays openable with many large bodies: each is shown up to this many characters (results.json has it all). */
export const BODY_DISPLAY_LIMIT = 200_000;

/** JSON bodies pretty-printed for reading; anything else (SSE, HTML error pages, text) shown as it came. */
function prettyBody(body: string): string {
  const trimmed = body.trim();
  if (trimmed.startsWith('{') || trimmed.startsWith('[')) {
    try {
      return JSON.stringify(JSON.parse(trimmed), null, 2);
    } catch {
      /* not JSON after all */
    }
  }
  return body;
}

function bodyBlock(title: string, body: string | undefined, note = ''): string {
  if (body === undefined || body === '') return `<h4>${escapeHtml(title)}</h4><p class="muted">(empty)</p>`;
  const pretty = prettyBody(body);
  const shown = pretty.length > BODY_DISPLAY_LIMIT ? pretty.slice(0, BODY_DISPLAY_LIMIT) : pretty;
  const cut =
    shown.length < pretty.length
      ? ` <span class="muted">showing the first ${BODY_DISPLAY_LIMIT.toLocaleString('en-US')} of ${pretty.length.toLocaleString('en-US')} characters</span>`
      : '';
  return `<h4>${escapeHtml(title)}${note ? ` <span class="muted">${escapeHtml(note)}</span>` : ''}${cut}</h4><pre class="body">${escapeHtml(shown)}</pre>`;
}

function headersTable(title: string, headers: Record<string, string> | undefined): string {
  const entries = Object.entries(headers ?? {});
  if (entries.length === 0) return `<h4>${escapeHtml(title)}</h4><p class="muted">(none)</p>`;
  const rows = entries.map(([k, v]) => `<tr><th>${escapeHtml(k)}</th><td>${escapeHtml(v)}</td></tr>`).join('');
  return `<h4>${escapeHtml(title)}</h4><table class="kv">${rows}</table>`;
}

function statusClass(status: number): string {
  return status >= 200 && status < 300 ? 'ok' : status >= 400 ? 'bad' : 'other';
}

/** The one-line description used in a case's <summary>: "POST /chat/completions → 200". */
export function exchangeHeadline(x: ExchangeRecord): string {
  let path = x.request.url;
  try {
    const u = new URL(x.request.url);
    path = u.pathname + u.search;
  } catch {
    /* keep the raw URL */
  }
  const outcome = x.response ? String(x.response.status) : x.error ? x.error.kind : 'no response';
  return `${x.request.method} ${path} → ${outcome}`;
}

export function renderExchange(x: ExchangeRecord): string {
  const t = x.timings;
  const timing = [
    t.headersMs !== undefined ? `headers ${formatDuration(t.headersMs)}` : '',
    t.firstByteMs !== undefined ? `first byte ${formatDuration(t.firstByteMs)}` : '',
    t.totalMs !== undefined ? `total ${formatDuration(t.totalMs)}` : '',
  ]
    .filter(Boolean)
    .join(' · ');
  const status = x.response
    ? `<span class="status ${statusClass(x.response.status)}">${escapeHtml(x.response.status)}</span>`
    : `<span class="status bad">${escapeHtml(x.error?.kind ?? 'no response')}</span>`;

  const request = headersTable('Request headers', x.request.headers) + bodyBlock('Request body', x.request.body);
  let response: string;
  if (x.response) {
    const r = x.response;
    const note = `${r.bodyBytes.toLocaleString('en-US')} bytes${r.truncated ? ', truncated by the harness' : ''}${
      r.reads ? `, ${r.reads.length} network read${r.reads.length === 1 ? '' : 's'}` : ''
    }`;
    response = headersTable('Response headers', r.headers) + bodyBlock('Response body', r.body, note);
  } else {
    response = '<h4>Response</h4><p class="muted">No HTTP response was received.</p>';
  }
  const error = x.error ? `<p class="xerr"><strong>${escapeHtml(x.error.kind)}</strong>: ${escapeHtml(x.error.message)}</p>` : '';

  return `<div class="xchg">
<div class="xhead"><span class="method">${escapeHtml(x.request.method)}</span> <span class="url">${escapeHtml(x.request.url)}</span> ${status}
<span class="muted">exchange ${escapeHtml(x.id)} · ${escapeHtml(t.startedAt)}${timing ? ` · ${escapeHtml(timing)}` : ''}</span></div>
${error}<div class="xcols"><div>${request}</div><div>${response}</div></div>
</div>`;
}

function evidenceValue(v: unknown): string {
  if (typeof v === 'string') return escapeHtml(roundFloatsIn(v));
  if (typeof v === 'number') return `<code>${escapeHtml(formatNumber(v))}</code>`;
  if (typeof v === 'boolean' || v === null) return `<code>${escapeHtml(String(v))}</code>`;
  return `<pre>${escapeHtml(roundedJson(v))}</pre>`;
}

/**
 * "2" when the case sent both requests it read; "0 (2 shared)" when it read only answers another case's
 * identical request had already fetched (each request is counted once, by the case that sent it).
 */
export function requestsText(c: Pick<CaseResult, 'requests' | 'exchanges'>): string {
  const sent = c.requests ?? 0;
  const shared = Math.max(0, (c.exchanges?.length ?? 0) - sent);
  return shared ? `${sent} (${shared} shared)` : String(sent);
}

/** The case's own facts: full message, evidence (numbers, not adjectives), parity, cost. */
export function renderCaseFacts(c: CaseResult): string {
  const rows: Array<[string, string]> = [
    ['Message', escapeHtml(roundFloatsIn(c.message))],
    ['Declared', `<code>${escapeHtml(roundFloatsIn(c.declared))}</code>`],
    ['Observed', `<code>${escapeHtml(roundFloatsIn(c.observed))}</code>`],
    ['Confidence', escapeHtml(c.confidence)],
  ];
  if (c.parity) {
    rows.push([
      'OpenAI parity',
      `<span class="v v-${escapeHtml(c.parity.verdict)}">${escapeHtml(c.parity.verdict)}</span> OpenAI declares <code>${escapeHtml(
        c.parity.declared,
      )}</code>${c.parity.message ? ` — ${escapeHtml(c.parity.message)}` : ''}`,
    ]);
  }
  if (c.requests !== undefined || c.exchanges?.length) rows.push(['Requests', escapeHtml(requestsText(c))]);
  if (c.durationMs !== undefined) rows.push(['Duration', escapeHtml(formatDuration(c.durationMs))]);
  const evidence = Object.entries(c.evidence as Record<string, unknown>);
  const facts = rows.map(([k, v]) => `<tr><th>${k}</th><td>${v}</td></tr>`).join('');
  const ev =
    evidence.length === 0
      ? '<p class="muted">No evidence recorded.</p>'
      : `<table class="kv evidence">${evidence.map(([k, v]) => `<tr><th>${escapeHtml(k)}</th><td>${evidenceValue(v)}</td></tr>`).join('')}</table>`;
  return `<div class="facts"><div><h4>Case</h4><table class="kv">${facts}</table></div><div><h4>Evidence</h4>${ev}</div></div>`;
}
