/**
 * Measures of answer text used only where no protocol signal exists, and never about what the text
 * says: how many words (a lower bound on tokens for common tokenizers), how many distinct texts among
 * samples, how far samples agree from the start, whether text parses as JSON.
 */
import type { Observation } from '../cases/types.js';
import { content } from '../cases/evidence.js';

/** Whitespace-separated words: a tokenizer rarely merges two words into one token, so words ≤ tokens. */
export function wordCount(text: string): number {
  return text.split(/\s+/).filter(Boolean).length;
}

export function distinctCount(texts: string[]): number {
  return new Set(texts).size;
}

function commonPrefix(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  let i = 0;
  while (i < n && a.charCodeAt(i) === b.charCodeAt(i)) i++;
  return i;
}

/**
 * How much samples agree from their start: for every pair, the shared prefix as a fraction of the
 * shorter text; the median over pairs, rounded to 2 decimals. 1 = identical, near 0 = they diverge at once.
 * Greedy decoding that is only nearly deterministic still agrees on long prefixes; sampling diverges early.
 */
export function prefixShare(texts: string[]): number {
  const shares: number[] = [];
  for (let i = 0; i < texts.length; i++) {
    for (let j = i + 1; j < texts.length; j++) {
      const shorter = Math.min(texts[i].length, texts[j].length);
      shares.push(shorter === 0 ? (texts[i] === texts[j] ? 1 : 0) : commonPrefix(texts[i], texts[j]) / shorter);
    }
  }
  if (!shares.length) return 1;
  shares.sort((a, b) => a - b);
  const mid = shares.length >> 1;
  const median = shares.length % 2 ? shares[mid] : (shares[mid - 1] + shares[mid]) / 2;
  return Math.round(median * 100) / 100;
}

export type JsonParse = { ok: true; value: unknown } | { ok: false; error: string };

/** Strict JSON.parse of the whole text (surrounding whitespace allowed; a code fence is not JSON). */
export function parseJson(text: string): JsonParse {
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch (e) {
    return { ok: false, error: (e as Error).message.slice(0, 80) };
  }
}

export const isJsonObject = (p: JsonParse): boolean => p.ok && p.value !== null && typeof p.value === 'object' && !Array.isArray(p.value);

/** JSON that the length limit cut before it could close proves nothing about the JSON mode: not settled. */
export function cutOffJson(evidence: Record<string, unknown>): Observation {
  return {
    observed: 'cut off',
    evidence,
    // The text did not parse, but the cut explains it: a reading of the text with no contract it could break.
    signals: [content('content parses as JSON (cut by the length limit)', false)],
    verdict: 'inconclusive',
    note: 'the answer was cut by the length limit before its JSON could close',
  };
}
