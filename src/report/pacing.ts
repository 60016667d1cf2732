/**
 * The run's pacing in words, for the terminal summary and the reports' header: the rate, how it was
 * found, and the 429s met. Read from results.json `requests` only; a merge shows each shard's own
 * (shards pace and learn independently: there is no combined rate to show).
 */
import type { Pacing, Results } from '../results/results.types.js';

/** One pacing: `29/min (learned from the target's 429s); 9 x 429 met`. */
export function describePacing(p: Pacing, rateLimited = 0): string {
  const rate = p.perMinute === undefined ? '' : `${p.perMinute < 10 ? p.perMinute.toFixed(1) : Math.round(p.perMinute)}/min`;
  const refused = rateLimited ? `; ${rateLimited} x 429 met` : '';
  switch (p.source) {
    case 'declared':
      return `${rate} (declared)${refused}`;
    case 'headers':
      return `${rate} (from the target's rate-limit headers)${refused}`;
    case 'adaptive':
      return `${rate} (learned from the target's 429s)${refused}`;
    default:
      return `unpaced (no limit applied, none met)${refused}`;
  }
}

/** The reports' pacing line (without a label), or undefined when the results carry no pacing (older files). */
export function pacingText(requests: Results['requests']): string | undefined {
  if (requests.pacingByShard?.length)
    return `by shard: ${requests.pacingByShard.map((s) => `${s.shard} ${describePacing(s.pacing, s.rateLimited)}`).join(' · ')}`;
  return requests.pacing ? describePacing(requests.pacing, requests.rateLimited) : undefined;
}
