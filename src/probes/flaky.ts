/**
 * Repeat-k stability (issue #15): samples of a setting that should repeat exactly (temperature 0, a small
 * top_p, a seed) *flip between outcomes* when some of them repeat one text exactly and others diverge from
 * it at once, as a target that honours the field on some requests only does (a pool of replicas, some of
 * which drop it). Such samples settle nothing: the stochastic probes report them `inconclusive`, observed
 * `flaky`, with the counts, never a pass or a failure.
 * Texts that agree with the repeated one on a long prefix and part late (greedy decoding that is only nearly
 * deterministic, as on real GPUs) are neither outcome: they are counted apart and never make samples flaky.
 * The repeated text must be at least as frequent as the divergers: one chance repeat among samples that
 * mostly diverge at once (a short answer sampled twice alike) is left to the probe's own rule, which reads
 * it as heuristic at most (a pass only where the field is declared ignored, never a failure).
 */
import { distinctCount } from './text.js';

/** A text that shares less than this fraction of the shorter text as a prefix diverges "at once" (spread.ts uses the same bound). */
export const EARLY_DIVERGENCE = 0.2;

export interface FlipCounts {
  /** Samples identical to the most frequent text (it included). */
  same: number;
  /** Samples that diverge from it at once. */
  differed: number;
  /** Samples that agree with it on a long prefix and part late. */
  near: number;
}

function share(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  if (n === 0) return a === b ? 1 : 0;
  let i = 0;
  while (i < n && a.charCodeAt(i) === b.charCodeAt(i)) i++;
  return i / n;
}

/** The most frequent text and how often it occurs (the first to reach the count wins a tie). */
function modal(texts: readonly string[]): [string, number] {
  const counts = new Map<string, number>();
  let best: [string, number] = [texts[0] ?? '', 0];
  for (const t of texts) {
    const c = (counts.get(t) ?? 0) + 1;
    counts.set(t, c);
    if (c > best[1]) best = [t, c];
  }
  return best;
}

/** How the samples split around their most frequent text. */
export function flipCounts(texts: readonly string[]): FlipCounts {
  const [m, same] = modal(texts);
  let differed = 0;
  for (const t of texts) if (t !== m && share(t, m) < EARLY_DIVERGENCE) differed++;
  return { same, differed, near: texts.length - same - differed };
}

/** The counts when the samples flip between repeating exactly and diverging at once, else undefined. */
export function flaky(texts: readonly string[]): FlipCounts | undefined {
  if (distinctCount([...texts]) < 2) return undefined;
  const c = flipCounts(texts);
  return c.same >= 2 && c.differed >= 1 && c.same >= c.differed ? c : undefined;
}

/** The sentence a flaky observation carries. */
export function flakyNote(setting: string, c: FlipCounts): string {
  const k = c.same + c.differed + c.near;
  return `${setting}: ${c.same} of ${k} samples repeat one text exactly and ${c.differed} diverge from it at once: honoured on some requests only, so neither a pass nor a failure`;
}
