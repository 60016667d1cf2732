/** JSON paths with `[]` for "every element": `choices[].message.content`. */

export interface PathHit {
  /** Concrete path, e.g. `choices[1].message.content`. */
  path: string;
  present: boolean;
  value: unknown;
}

/** Every value a path reaches. An array on the way that is empty yields no hits. */
export function valuesAt(root: unknown, path: string): PathHit[] {
  const parts = path.split('.');
  let frontier: { node: unknown; at: string; present: boolean }[] = [{ node: root, at: '', present: true }];
  for (const raw of parts) {
    const each = raw.endsWith('[]');
    const key = each ? raw.slice(0, -2) : raw;
    const next: typeof frontier = [];
    for (const f of frontier) {
      const at = f.at ? `${f.at}.${key}` : key;
      const obj = f.node;
      const present = f.present && obj !== null && typeof obj === 'object' && !Array.isArray(obj) && key in (obj as object);
      const value = present ? (obj as Record<string, unknown>)[key] : undefined;
      if (each) {
        if (Array.isArray(value)) value.forEach((v, i) => next.push({ node: v, at: `${at}[${i}]`, present: true }));
        else next.push({ node: undefined, at: `${at}[]`, present: false });
      } else next.push({ node: value, at, present });
    }
    frontier = next;
  }
  return frontier.map((f) => ({ path: f.at, present: f.present, value: f.node }));
}

export function jsonType(v: unknown): 'string' | 'integer' | 'number' | 'boolean' | 'object' | 'array' | 'null' | 'undefined' {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  if (typeof v === 'number') return Number.isInteger(v) ? 'integer' : 'number';
  if (typeof v === 'string' || typeof v === 'boolean' || typeof v === 'object') return typeof v as 'string' | 'boolean' | 'object';
  return 'undefined';
}

/** Does a value have one of the declared JSON types (an integer is also a number)? */
export function hasType(v: unknown, types: string | string[] | undefined): boolean {
  if (!types) return true;
  const t = jsonType(v);
  const list = Array.isArray(types) ? types : [types];
  return list.includes(t) || (t === 'integer' && list.includes('number'));
}

/** Empty as provider docs mean "always empty": null, "", 0, [], {}. */
export function isEmptyValue(v: unknown): boolean {
  if (v === null || v === undefined || v === '' || v === 0) return true;
  if (Array.isArray(v)) return v.length === 0;
  if (typeof v === 'object') return Object.keys(v as object).length === 0;
  return false;
}

/** A short, safe rendering of a value for evidence. */
export function preview(v: unknown, max = 80): string {
  let s: string;
  try {
    s = v === undefined ? 'absent' : JSON.stringify(v);
  } catch {
    s = String(v);
  }
  return s.length > max ? `${s.slice(0, max)}…` : s;
}
