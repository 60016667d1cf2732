/**
 * Root causes, derived from the results (never from a list of case ids): many cases fail, or go
 * unchecked, for one reason (an error envelope with no `param` key fails every error row with the same
 * message; a target that never streams leaves every stream rule with "…, not an event stream"). The
 * reports lead with these findings, each a cause with its cases, then the per-case tables.
 *
 * How cases are grouped: within one verdict, two cases share a cause when their messages share a run
 * of SHINGLE_WORDS consecutive words (or are equal, when shorter), transitively. The messages are the
 * judges' own words for the failed sub-check and the observed signal, so equal wording means the same
 * rule failed on the same observation; case-specific parts (the field, a count) only break a run
 * locally. A cause is named by the longest run of words every message in it shares.
 */
import type { CaseResult, Verdict } from '../results/results.types.js';

/** Long enough that a generic phrase ("declared supported: the answer") does not join two causes. */
const SHINGLE_WORDS = 8;
/** A shared run shorter than this does not name a cause well; the first message does. */
const MIN_LABEL_WORDS = 4;
const LABEL_MAX_CHARS = 300;
/** Words of a message that are compared: a cause is stated up front, and a hostile 1 MB message stays cheap. */
const MAX_WORDS = 200;

export interface Finding {
  /** What the cases have in common, in the judges' words. */
  cause: string;
  verdict: Verdict;
  cases: CaseResult[];
}

const wordsOf = (message: string): string[] =>
  message
    .slice(0, MAX_WORDS * 40)
    .split(/\s+/)
    .filter(Boolean)
    .slice(0, MAX_WORDS);

function shingles(words: string[]): string[] {
  if (words.length <= SHINGLE_WORDS) return [words.join(' ')];
  const out: string[] = [];
  for (let i = 0; i + SHINGLE_WORDS <= words.length; i++) out.push(words.slice(i, i + SHINGLE_WORDS).join(' '));
  return out;
}

/** The longest run of consecutive words a and b share. */
function commonRun(a: string[], b: string[]): string[] {
  let best = 0;
  let end = 0;
  let prev = new Array<number>(b.length + 1).fill(0);
  for (let i = 1; i <= a.length; i++) {
    const cur = new Array<number>(b.length + 1).fill(0);
    for (let j = 1; j <= b.length; j++) {
      if (a[i - 1] !== b[j - 1]) continue;
      cur[j] = prev[j - 1] + 1;
      if (cur[j] > best) {
        best = cur[j];
        end = i;
      }
    }
    prev = cur;
  }
  return a.slice(end - best, end);
}

function nameCause(cases: CaseResult[]): string {
  const first = wordsOf(cases[0].message);
  let run = first;
  for (const c of cases.slice(1)) run = commonRun(run, wordsOf(c.message));
  const words = run.length >= MIN_LABEL_WORDS ? run : first;
  // A run cut mid-sentence ends on its last shared word ("…from outside, so"): trimmed to read as a phrase.
  const text = words
    .join(' ')
    .replace(/(?:[\s;,:\-–—]+(?:so|and|but|or|the|a|an|of|to|with))+$/i, '')
    .replace(/^[\s;,:.\-–—]+|[\s;,:\-–—]+$/g, '');
  return text.length > LABEL_MAX_CHARS ? `${text.slice(0, LABEL_MAX_CHARS)}…` : text;
}

/** The cases of one verdict grouped by shared cause, largest first (then by the first case id). */
export function groupCauses(cases: readonly CaseResult[], verdict: Verdict): Finding[] {
  const of = cases.filter((c) => c.verdict === verdict);
  const parent = of.map((_, i) => i);
  const root = (i: number): number => {
    while (parent[i] !== i) i = parent[i] = parent[parent[i]];
    return i;
  };
  const seen = new Map<string, number>();
  of.forEach((c, i) => {
    for (const s of shingles(wordsOf(c.message))) {
      const j = seen.get(s);
      if (j === undefined) seen.set(s, i);
      else parent[root(i)] = root(j);
    }
  });
  const groups = new Map<number, CaseResult[]>();
  of.forEach((c, i) => {
    const r = root(i);
    const list = groups.get(r);
    if (list) list.push(c);
    else groups.set(r, [c]);
  });
  return [...groups.values()]
    .map((cs) => ({ cause: nameCause(cs), verdict, cases: cs }))
    .sort((a, b) => b.cases.length - a.cases.length || a.cases[0].id.localeCompare(b.cases[0].id));
}

export interface Findings {
  /** Every failure, by cause (a cause of one case too). */
  failures: Finding[];
  /** Skipped or inconclusive cases that share a cause with at least one other: what kept them from being checked. */
  unchecked: Finding[];
}

export function findingsOf(cases: readonly CaseResult[]): Findings {
  const shared = (f: Finding) => f.cases.length > 1;
  return {
    failures: groupCauses(cases, 'fail'),
    unchecked: [...groupCauses(cases, 'inconclusive').filter(shared), ...groupCauses(cases, 'skip').filter(shared)],
  };
}
