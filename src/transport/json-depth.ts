/**
 * A bound on JSON nesting, checked before JSON.parse: a hostile answer of a million nested brackets
 * parses (V8 does not overflow), but every walk over the value afterwards is deep recursion or minutes
 * of work, and no OpenAI-shaped document nests more than a few dozen levels. The scan is one pass over
 * the text, counting brackets outside strings, and stops at the first bracket past the limit.
 */

/** Deepest nesting of arrays and objects accepted in any JSON the harness parses. */
export const MAX_JSON_DEPTH = 512;

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN_SQUARE = 0x5b;
const OPEN_CURLY = 0x7b;
const CLOSE_SQUARE = 0x5d;
const CLOSE_CURLY = 0x7d;

/** Offset of the first bracket that nests deeper than `limit`, or -1 when none does. Linear, no allocation. */
export function depthExceededAt(text: string, limit = MAX_JSON_DEPTH): number {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === BACKSLASH) i++;
      else if (c === QUOTE) inString = false;
    } else if (c === QUOTE) inString = true;
    else if (c === OPEN_SQUARE || c === OPEN_CURLY) {
      if (++depth > limit) return i;
    } else if (c === CLOSE_SQUARE || c === CLOSE_CURLY) depth--;
  }
  return -1;
}

export type BoundedParse = { ok: true; value: unknown } | { ok: false; error: string; tooDeep?: boolean };

/** JSON.parse that never throws and refuses nesting beyond MAX_JSON_DEPTH, saying where. */
export function parseJsonBounded(text: string, limit = MAX_JSON_DEPTH): BoundedParse {
  const at = depthExceededAt(text, limit);
  if (at >= 0) return { ok: false, tooDeep: true, error: `nested deeper than ${limit} levels (at character ${at}): not parsed` };
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch (e) {
    return { ok: false, error: (e as Error).message };
  }
}
