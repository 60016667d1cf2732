/**
 * The fixed vocabulary every report shares: the order areas are shown in, the verdicts, and the
 * summary counts. One place, so markdown, HTML, diff, merge and matrix never disagree on them.
 */
import type { CaseResult, Results, Verdict } from '../results/results.types.js';

export type Area = CaseResult['area'];

/** Display order: what a client sends, what it gets back, how it streams and fails, then the extras. */
export const AREAS: readonly Area[] = ['request', 'message', 'response', 'stream', 'error', 'header', 'endpoint', 'extension', 'performance', 'responses'];

export const VERDICTS: readonly Verdict[] = ['pass', 'fail', 'skip', 'inconclusive'];

/** Cases grouped by area in display order; only areas that have cases appear. Case order is kept. */
export function groupByArea<T extends { area: Area }>(cases: readonly T[]): Array<[Area, T[]]> {
  const groups = new Map<Area, T[]>();
  for (const c of cases) {
    const list = groups.get(c.area);
    if (list) list.push(c);
    else groups.set(c.area, [c]);
  }
  return AREAS.filter((a) => groups.has(a)).map((a) => [a, groups.get(a)!]);
}

/** The summary counts recomputed from cases (used by merge so the summary can never drift from the cases). */
export function summarize(cases: readonly CaseResult[]): Results['summary'] {
  const s: Results['summary'] = { pass: 0, fail: 0, skip: 0, inconclusive: 0 };
  for (const c of cases) s[c.verdict] += 1;
  return s;
}

/**
 * The OpenAI-parity counts: the same observations judged against OpenAI's reference profile. Undefined
 * when no case carries a parity verdict (a run of the reference profile itself).
 */
export function summarizeParity(cases: readonly CaseResult[]): Results['summary'] | undefined {
  const judged = cases.filter((c) => c.parity);
  if (!judged.length) return undefined;
  const s: Results['summary'] = { pass: 0, fail: 0, skip: 0, inconclusive: 0 };
  for (const c of judged) s[c.parity!.verdict] += 1;
  return s;
}

/** `12 pass · 1 fail · 30 skip · 0 inconclusive`: the order every report counts verdicts in. */
export function countsText(s: Results['summary']): string {
  return VERDICTS.map((v) => `${s[v]} ${v}`).join(' · ');
}

/** The two verdicts every count is given for, in one line, so a green "as documented" is never read as "compatible". */
export const VERDICT_LEGEND =
  '"as documented": the target does what its provider documents (a documented gap passes) · "OpenAI parity": it behaves as OpenAI does';

/**
 * The requests line every report prints: "12 sent, 1 retried, 30 shared" (+ failed / rate-limited when
 * any). Sent, retried and shared are always printed because they are what a reader compares run to run.
 */
export function describeRequests(r: Results['requests']): string {
  const parts = [`${r.sent} sent`, `${r.retried ?? 0} retried`, `${r.shared ?? 0} shared`];
  if (r.failed) parts.push(`${r.failed} failed`);
  if (r.rateLimited) parts.push(`${r.rateLimited} rate-limited`);
  return parts.join(', ');
}
