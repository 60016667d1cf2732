/**
 * Dry runs: what a run would send, without sending it. The scheduler records one entry per request it
 * would put on the wire (shared answers are not entries) and answers with a synthetic exchange that says
 * nothing was sent; `formatDryRun` prints the plan grouped by area with the totals.
 */
import type { Exchange, OutgoingRequest } from './types.js';
import { requestBodyBytes } from './sched-key.js';

export interface DryRunEntry {
  method: string;
  path: string;
  purpose?: string;
  bodyBytes: number;
  fresh: boolean;
}

export const DRY_RUN_MESSAGE = 'dry run: not sent';

export function dryRunEntry(req: OutgoingRequest): DryRunEntry {
  return { method: req.method, path: req.path, purpose: req.purpose, bodyBytes: requestBodyBytes(req), fresh: !!req.fresh };
}

let dryRunCounter = 0;

/**
 * No response and a `replay-miss` error: checks already treat that as "nothing observed", and the
 * message tells the caller why. The body is left out: the plan needs its size, not its content.
 */
export function dryRunExchange(req: OutgoingRequest): Exchange {
  return {
    id: `dry${(++dryRunCounter).toString().padStart(4, '0')}`,
    request: { method: req.method, url: req.path, headers: {} },
    error: { kind: 'replay-miss', message: DRY_RUN_MESSAGE },
    timings: { startedAt: Date.now() },
  };
}

export function isDryRunExchange(ex: Exchange): boolean {
  return !ex.response && ex.error?.kind === 'replay-miss' && ex.error.message === DRY_RUN_MESSAGE;
}

// The result areas in the order reports list them (architecture.md); anything else follows alphabetically.
const AREA_ORDER = ['request', 'message', 'response', 'stream', 'error', 'header', 'endpoint', 'extension', 'performance'];

function areaOf(purpose: string | undefined): string {
  if (!purpose) return '(untagged)';
  const dot = purpose.indexOf('.');
  return dot === -1 ? purpose : purpose.slice(0, dot);
}

function size(bytes: number): string {
  return bytes < 1024 ? `${bytes} B` : `${(bytes / 1024).toFixed(1)} KB`;
}

export interface DryRunSummary {
  /** Requests answered by an identical earlier request (from the scheduler's stats). */
  shared?: number;
  /** Requests the budget refused. */
  skippedByBudget?: number;
  maxRequests?: number;
}

export function formatDryRun(entries: readonly DryRunEntry[], summary: DryRunSummary = {}): string {
  const groups = new Map<string, DryRunEntry[]>();
  for (const e of entries) {
    const area = areaOf(e.purpose);
    (groups.get(area) ?? groups.set(area, []).get(area)!).push(e);
  }
  const rank = (a: string) => (AREA_ORDER.includes(a) ? AREA_ORDER.indexOf(a) : AREA_ORDER.length);
  const areas = [...groups.keys()].sort((a, b) => rank(a) - rank(b) || a.localeCompare(b));

  const lines: string[] = [];
  for (const area of areas) {
    const list = groups.get(area)!;
    lines.push(`${area} (${list.length} request${list.length === 1 ? '' : 's'})`);
    for (const e of list) {
      lines.push(`  ${e.method.padEnd(6)} ${e.path}  ${e.purpose ?? '-'}  ${size(e.bodyBytes)}${e.fresh ? '  fresh' : ''}`);
    }
  }
  const bytes = entries.reduce((n, e) => n + e.bodyBytes, 0);
  const extra: string[] = [];
  if (summary.shared) extra.push(`${summary.shared} answered by an identical request`);
  if (summary.skippedByBudget)
    extra.push(`${summary.skippedByBudget} over the budget${summary.maxRequests !== undefined ? ` of ${summary.maxRequests}` : ''}, not sent`);
  lines.push(
    `total: ${entries.length} request${entries.length === 1 ? '' : 's'}, ${size(bytes)} of request bodies` +
      (extra.length ? ` (${extra.join('; ')})` : '') +
      '; retries (429, 503, resets) would come on top',
  );
  return lines.join('\n');
}
