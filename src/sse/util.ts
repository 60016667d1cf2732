/**
 * Small helpers shared by the stream checks: quoting offending bytes for messages, type guards, statistics.
 * Kept apart so every rule quotes evidence the same way.
 */

/** Longest quote a message carries; the evidence object holds the numbers, not whole bodies. */
export const QUOTE_MAX = 120;

/**
 * JSON-escape a piece of the stream for a message, so invisible bytes (\r, trailing spaces, NUL) show,
 * truncated to about `max` characters with an ellipsis that says how much was cut.
 */
export function quote(text: string, max = QUOTE_MAX): string {
  const escaped = JSON.stringify(text);
  if (escaped.length <= max) return escaped;
  // Cut the raw text, not the escaped form, so we never split an escape sequence.
  let cut = text.slice(0, Math.max(1, max - 2));
  while (cut.length > 1 && JSON.stringify(cut).length > max - 1) cut = cut.slice(0, -1);
  return `${JSON.stringify(cut).slice(0, -1)}…" (+${text.length - cut.length} chars)`;
}

export type JsonObject = Record<string, unknown>;

export function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function isNonEmptyString(value: unknown): value is string {
  return typeof value === 'string' && value.length > 0;
}

/** Parse JSON without throwing: `{ ok: false }` carries the parser's message for evidence. */
export function tryJson(text: string): { ok: true; value: unknown } | { ok: false; error: string } {
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch (e) {
    return { ok: false, error: e instanceof Error ? e.message : String(e) };
  }
}

/**
 * JSON text of a value taken from the stream, never throwing: a value nested deeper than the stack allows
 * (`[[[[...]]]]` fits in one event) makes JSON.stringify throw a RangeError.
 */
export function jsonText(value: unknown): string {
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return Array.isArray(value) ? '[…too deeply nested…]' : '{…too deeply nested…}';
  }
}

/** Nearest-rank percentile (p in 0..100) of unsorted numbers; undefined for none. */
export function percentile(values: readonly number[], p: number): number | undefined {
  if (values.length === 0) return undefined;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[Math.min(sorted.length, rank) - 1];
}

/** The keys of `o` whose value is defined, so spreading options over defaults never writes `undefined`. */
export function definedOnly<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}

/** "1 event", "3 events". */
export function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}
