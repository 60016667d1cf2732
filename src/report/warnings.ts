/**
 * What a reader must see before the tables: run-wide notices (a static target, usage that carries no
 * information: every verdict that rests on them is unobservable) and the inconclusive cases, each a
 * deviation or a doubt that evidence could not settle (a heuristic deviation, a 429, a stochastic probe).
 * Reads results only.
 */
import type { CaseResult, Results } from '../results/results.types.js';

const GATE_NOTICE: Record<NonNullable<CaseResult['gate']>, (n: number) => string> = {
  static: (n) =>
    `The target's answers do not change with the prompt (a static target): ${n} verdict${n === 1 ? '' : 's'} that rest on the text or on usage counts are unobservable.`,
  usage: (n) =>
    `The target's usage counts carry no information (not positive, or not growing with a longer prompt): ${n} verdict${n === 1 ? '' : 's'} that rest on them are unobservable.`,
};

/** The run-wide notices: those results.json carries, else derived from the cases' gates. */
export function runNotices(results: Pick<Results, 'cases' | 'notices'>): string[] {
  if (results.notices?.length) return results.notices;
  return noticesOf(results.cases);
}

/** One notice per gate that made cases unobservable, for results.json and the reports. */
export function noticesOf(cases: readonly CaseResult[]): string[] {
  const counts = new Map<NonNullable<CaseResult['gate']>, number>();
  for (const c of cases) if (c.gate) counts.set(c.gate, (counts.get(c.gate) ?? 0) + 1);
  return [...counts].map(([gate, n]) => GATE_NOTICE[gate](n));
}

/** The inconclusive cases, in report order: the warnings. */
export function warningCases(cases: readonly CaseResult[]): CaseResult[] {
  return cases.filter((c) => c.verdict === 'inconclusive');
}
