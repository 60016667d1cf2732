/**
 * `deltas-append`: each `delta.content` carries only new text, which the client appends (issue #11 class 5).
 * A gateway that re-sends the accumulated text in every delta rebuilds, in every SDK, to many times the answer,
 * and nothing throws: the SDK oracle passes it. What decides it, from the stream alone:
 *
 * - decisive (a protocol signal, the stream is its own control): the deltas are cumulative: from the second
 *   content delta of a choice on, EVERY delta begins with the whole previous delta and is longer (at least
 *   `MIN_PAIRS` such pairs in a row, the last delta at least `MIN_LAST_CHARS` long). A well-behaved stream may
 *   have one delta that extends the one before ("ab" then "abc", or "la" then "la"), never every one of them:
 *   their lengths would have to grow strictly from the first delta to the last;
 * - decisive: one delta repeats the whole text so far (the reassembled content of at least `MIN_DELTAS_BEFORE`
 *   earlier deltas, at least `MIN_REPEAT_CHARS` long): a token-sized delta cannot begin with a sentence by chance;
 * - heuristic (accounting, not protocol): the stream's own `usage.completion_tokens` (when it carries a usable one,
 *   positive with positive prompt tokens) against the characters rebuilt: more than `MAX_CHARS_PER_TOKEN` per
 *   token is more than tokens carry. Reported as a suspicion (`inconclusive` with the numbers), never a failure.
 *
 * The comparison with a non-streamed answer to the same request is made by the stream case (it needs another
 * exchange): see `compareWithNonStreamed`.
 */
import type { ChunkSet } from './chunks.js';
import { fail, pass, skip, suspect, type Evidence, type RuleResult, type SequenceRuleId } from './rules.js';
import { isObject, plural, quote } from './util.js';

export const DELTA_LIMITS = {
  /** Consecutive (previous, next) content-delta pairs that must all be cumulative to call the stream cumulative. */
  MIN_PAIRS: 3,
  /** ...and the last delta must hold at least this many characters. */
  MIN_LAST_CHARS: 8,
  /** A delta that begins with the whole text so far: that text built from at least this many deltas... */
  MIN_DELTAS_BEFORE: 3,
  /** ...and at least this long. */
  MIN_REPEAT_CHARS: 24,
  /** More characters per completion token than this is more than tokens carry (real text: 1 to 6). */
  MAX_CHARS_PER_TOKEN: 12,
  /** The accounting comparison is only made on a text at least this long. */
  MIN_CHARS_FOR_RATIO: 200,
  /** A streamed text this many times longer than the non-streamed answer to the same request is suspect... */
  MAX_STREAM_TO_JSON_RATIO: 3,
  /** ...when it is also at least this many characters longer. */
  MIN_STREAM_EXCESS_CHARS: 100,
} as const;

interface Delta {
  event: number;
  text: string;
}

/** Non-empty `delta.content` strings per choice index, in order. */
function contentDeltas(set: ChunkSet): Map<number, Delta[]> {
  const out = new Map<number, Delta[]>();
  for (const c of set.chunks) {
    if (!isObject(c.json) || !Array.isArray(c.json.choices)) continue;
    for (const ch of c.json.choices) {
      if (!isObject(ch) || !isObject(ch.delta) || typeof ch.delta.content !== 'string' || ch.delta.content === '') continue;
      const idx = typeof ch.index === 'number' ? ch.index : 0;
      let list = out.get(idx);
      if (!list) out.set(idx, (list = []));
      list.push({ event: c.event, text: ch.delta.content });
    }
  }
  return out;
}

/** The last usage object's completion_tokens, when the stream's usage is usable (positive counts). */
function usableCompletionTokens(set: ChunkSet): number | undefined {
  let usage: Record<string, unknown> | undefined;
  for (const c of set.chunks) if (isObject(c.json) && isObject(c.json.usage)) usage = c.json.usage;
  if (!usage) return undefined;
  const ct = usage.completion_tokens;
  const pt = usage.prompt_tokens;
  if (typeof ct !== 'number' || !Number.isInteger(ct) || ct <= 0) return undefined;
  if (typeof pt !== 'number' || pt <= 0) return undefined;
  return ct;
}

/** Why a choice's deltas repeat the text so far, or undefined when they do not (decisively). */
function repeated(k: number, deltas: Delta[]): { message: string; event: number } | undefined {
  const L = DELTA_LIMITS;
  // Cumulative: every delta extends the one before it.
  const pairs = deltas.length - 1;
  const extending = deltas.slice(1).filter((d, i) => d.text.length > deltas[i]!.text.length && d.text.startsWith(deltas[i]!.text)).length;
  const last = deltas[deltas.length - 1]!;
  if (pairs >= L.MIN_PAIRS && extending === pairs && last.text.length >= L.MIN_LAST_CHARS) {
    const second = deltas[1]!;
    return {
      event: second.event,
      message:
        `choice ${k}: the delta at event #${second.event} repeats the text so far: ${quote(second.text, 60)} begins with the whole previous delta ` +
        `${quote(deltas[0]!.text, 60)}, and each of the ${plural(pairs, 'delta')} after the first begins with the one before it (the last, at ` +
        `event #${last.event}, holds ${last.text.length} chars): the deltas are cumulative, so clients rebuild ${deltas.reduce((n, d) => n + d.text.length, 0)} chars`,
    };
  }
  // One delta that begins with everything streamed before it.
  let soFar = '';
  for (let i = 0; i < deltas.length; i++) {
    const d = deltas[i]!;
    if (i >= L.MIN_DELTAS_BEFORE && soFar.length >= L.MIN_REPEAT_CHARS && d.text.startsWith(soFar)) {
      return {
        event: d.event,
        message:
          `choice ${k}: the delta at event #${d.event} repeats the text so far (${soFar.length} chars from ${plural(i, 'earlier delta')}): ` +
          `${quote(d.text, 80)}; clients append it, so the text appears twice`,
      };
    }
    soFar += d.text;
  }
  return undefined;
}

export function deltasAppend(set: ChunkSet): RuleResult<SequenceRuleId> {
  const rule = 'deltas-append';
  const L = DELTA_LIMITS;
  const byChoice = contentDeltas(set);
  const counts = Object.fromEntries([...byChoice].map(([k, d]) => [k, d.length]));
  const chars = [...byChoice.values()].reduce((n, list) => n + list.reduce((m, d) => m + d.text.length, 0), 0);
  const completionTokens = usableCompletionTokens(set);
  const evidence: Evidence = { contentDeltas: counts, chars, completionTokens: completionTokens ?? null };
  if (completionTokens !== undefined) evidence.charsPerToken = Math.round((chars / completionTokens) * 10) / 10;
  const judged = [...byChoice].filter(([, d]) => d.length > L.MIN_DELTAS_BEFORE);
  if (judged.length === 0) {
    const most = Math.max(0, ...[...byChoice.values()].map((d) => d.length));
    return skip(rule, `${plural(most, 'content delta')} at most per choice: too few to tell whether a delta repeats the text so far`, evidence);
  }
  for (const [k, deltas] of judged) {
    const r = repeated(k, deltas);
    if (r) {
      const usage = completionTokens !== undefined ? `; the stream's usage counts ${completionTokens} completion tokens for those ${chars} chars` : '';
      return fail(rule, `${r.message}${usage}`, { ...evidence, event: r.event });
    }
  }
  const total = judged.reduce((n, [, d]) => n + d.length, 0);
  if (completionTokens !== undefined && chars >= L.MIN_CHARS_FOR_RATIO && chars > completionTokens * L.MAX_CHARS_PER_TOKEN) {
    return suspect(
      rule,
      `no delta repeats the text so far, but the stream rebuilds to ${chars} chars for its own usage.completion_tokens ${completionTokens} ` +
        `(${evidence.charsPerToken} chars per token, more than the ${L.MAX_CHARS_PER_TOKEN} tokens carry): the text or the count is wrong ` +
        '(accounting evidence only, not a failure)',
      evidence,
    );
  }
  const usage = completionTokens !== undefined ? `, ${chars} chars for ${completionTokens} completion tokens` : '';
  return pass(rule, `${plural(total, 'content delta')}, none repeating the text so far${usage}`, evidence);
}

export interface NonStreamedComparison {
  /** True when the streamed text is far longer than the non-streamed answer (heuristic: a real model varies). */
  suspect: boolean;
  message: string;
  evidence: { streamedChars: number; nonStreamedChars: number; endsWithNonStreamed: boolean };
}

/**
 * The streamed text against the non-streamed answer to the same request. A deterministic server gives the same
 * text both ways; a real model does not, so only a streamed text several times longer is reported, and only as a
 * suspicion. Undefined when either text is empty (nothing to compare).
 */
export function compareWithNonStreamed(streamed: string, nonStreamed: string): NonStreamedComparison | undefined {
  if (streamed === '' || nonStreamed === '') return undefined;
  const L = DELTA_LIMITS;
  const evidence = {
    streamedChars: streamed.length,
    nonStreamedChars: nonStreamed.length,
    endsWithNonStreamed: streamed !== nonStreamed && streamed.endsWith(nonStreamed),
  };
  const far = streamed.length > nonStreamed.length * L.MAX_STREAM_TO_JSON_RATIO && streamed.length - nonStreamed.length >= L.MIN_STREAM_EXCESS_CHARS;
  const tail = evidence.endsWithNonStreamed ? ', and ends with the whole non-streamed answer' : '';
  const message = far
    ? `the streamed text rebuilds to ${streamed.length} chars, the same request not streamed answered ${nonStreamed.length}${tail} ` +
      '(a model may answer differently each time, so this is a suspicion, not a failure)'
    : `the streamed text (${streamed.length} chars) is in line with the non-streamed answer (${nonStreamed.length} chars)`;
  return { suspect: far, message, evidence };
}
