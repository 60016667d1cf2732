/**
 * Redaction: the one place that decides what a secret looks like. Credential headers (any header whose
 * name says key, token, secret, auth, cookie or session: see CREDENTIAL_WORD) are replaced whole; every
 * registered secret value (the API key, secret header values, secrets in the base URL) is masked
 * wherever it appears, in every spelling a server or a writer could give it:
 * - raw, and with any of its characters spelled as JSON escapes (`\u0073`, `\/`, also double-escaped
 *   `\\u0073` as in a JSON string inside a JSON string) or percent-encoded (`%73`, `%2F`, `%2f`, `%252F`);
 * - base64 (standard and URL alphabets, percent-encoded or JSON-escaped `/` too) of any string that
 *   contains it: base64 of the key, of `Bearer <key>`, of `user:<key>`. A string holding the key at
 *   offset 0, 1 or 2 (mod 3) encodes it three different ways; each has a core run of characters that
 *   depends on the key alone, and those three cores are what is matched.
 * - what a cut leaves of it: 12 or more characters from its start or its end (a preview, a key split
 *   across two stream events).
 * Masks keep the length (in bytes for bytes) so the offsets of stream reads stay true.
 *
 * Two tiers. What the transport masks in answers before any check reads them (`redactText`,
 * `redactChunks`) covers secrets of 8 characters or more in every spelling: a shorter value ("none",
 * "test") would also mask ordinary protocol text and corrupt the observation. Everything written out
 * (`redactOutput`, `redactOutputBytes`: results, reports, Allure, cassettes, the terminal) additionally
 * masks a short secret (4 to 7 characters) wherever it stands as a whole token, and its base64 as a
 * whole token.
 */

export const REDACTED = '[REDACTED]';

/**
 * A header whose name says it carries a credential or a session (Authorization, X-Goog-Api-Key, Cookie,
 * X-Auth-Token, X-Session-Id, Ocp-Apim-Subscription-Key ...): one of the words of its name ends with one
 * of these. By word, not by substring: `x-ratelimit-remaining-tokens` counts tokens and
 * `www-authenticate` names a scheme; masking them would blind the header checks and blame the target.
 */
const CREDENTIAL_WORD = /(key|token|secret|auth|authorization|cookie|session|sessionid|password|passwd|credentials?)$/i;

/** Secrets at least this long are masked in every spelling and anywhere, even inside other text. */
export const LONG_SECRET = 8;
/** A run of this many characters from the start or the end of a long secret is masked too (previews, split events). */
const FRAGMENT = 12;

interface Matchers {
  /** Matches the secret in every spelling, on JS strings. */
  text: RegExp;
  /** The same on a latin1 view of bytes (one char per byte), so a match's index is a byte offset. */
  bytes: RegExp;
  /** Only for long secrets: prefixes (in raw UTF-8) that a truncated body may end with. */
  prefixes: string[];
}

/** Secret value → its matchers, registered for this process. */
const secrets = new Map<string, Matchers>();

/**
 * Below this, a value is not masked at all: a one- to three-character "key" (`x`, `1`) would mask digits
 * and words all over the reports while protecting nothing a guess would not find.
 */
const MIN_SECRET = 4;

export function registerSecret(value: string | undefined): void {
  if (!value || value.length < MIN_SECRET || secrets.has(value)) return;
  secrets.set(value, buildMatchers(value));
}

/** Registers the values of the credential headers among `headers` (from --header, --header-env). */
export function registerSecretHeaders(headers: Record<string, string>): void {
  for (const [k, v] of Object.entries(headers)) {
    if (!isCredentialHeader(k)) continue;
    // `Bearer xyz`, `Basic xyz`: the credential is the secret (the scheme word is not); masking it masks
    // the whole value too, and base64 of the whole value through its cores.
    const m = /^\s*(?:Bearer|Basic|Token|Digest|Negotiate|ApiKey|Key)\s+(\S.*)$/i.exec(v);
    registerSecret(m ? m[1]!.trim() : v);
  }
}

/**
 * A base URL can hold a secret in its path (`/key/<token>/v1`, a gateway's tenant token): registers
 * for redaction every path segment that follows a segment naming a key or token, and every segment
 * that looks like a credential (a known key prefix, or a long run of mixed letters and digits).
 * Masking an ordinary segment costs a less readable URL in the report; missing a key costs the key.
 */
export function registerUrlSecrets(baseUrl: string): void {
  let segments: string[];
  try {
    segments = new URL(baseUrl).pathname
      .split('/')
      .filter(Boolean)
      .map((s) => {
        try {
          return decodeURIComponent(s);
        } catch {
          return s;
        }
      });
  } catch {
    return;
  }
  segments.forEach((seg, i) => {
    const afterKeyWord = i > 0 && /^(keys?|tokens?|secrets?|auth|api[-_]?keys?|credentials?|sessions?)$/i.test(segments[i - 1]!);
    const looksLikeKey = /^(sk|pk|rk|key|tok|api)[-_]/i.test(seg) || (seg.length >= 20 && /[a-z]/i.test(seg) && /\d/.test(seg));
    if (afterKeyWord || looksLikeKey) registerSecret(seg);
  });
}

/** Forget every secret (tests only: each test plants its own). */
export function clearSecrets(): void {
  secrets.clear();
}

export function isCredentialHeader(name: string): boolean {
  return name.split(/[^A-Za-z0-9]+/).some((word) => CREDENTIAL_WORD.test(word));
}

// ---------------------------------------------------------------------------------------------------
// Building the matchers

const reEscape = (s: string): string => s.replace(/[\\^$.*+?()[\]{}|/-]/g, '\\$&');

/** `6b` → `6[bB]`: a hex byte in either case. */
function hexAny(hex: string): string {
  return [...hex].map((h) => (/[a-f]/i.test(h) ? `[${h.toLowerCase()}${h.toUpperCase()}]` : h)).join('');
}

const hex2 = (n: number): string => n.toString(16).padStart(2, '0');
const hex4 = (n: number): string => n.toString(16).padStart(4, '0');

/** Percent-encoding of one byte, also double-encoded (`%2F`, `%2f`, `%252F`). */
const percentByte = (b: number): string => `%(?:25)*${hexAny(hex2(b))}`;

/** Alternatives for one character (code point) of a secret; `bytes` spells the literal as latin1 UTF-8. */
function charPattern(ch: string, bytes: boolean): string {
  const utf8 = [...Buffer.from(ch, 'utf8')];
  const literal = bytes ? utf8.map((b) => reEscape(String.fromCharCode(b))).join('') : reEscape(ch);
  const alts = [literal];
  // JSON \u escapes: a BMP char as one, an astral char as a surrogate pair; any number of backslashes.
  const units = [...Array(ch.length).keys()].map((i) => ch.charCodeAt(i));
  alts.push(units.map((u) => `\\\\+u${hexAny(hex4(u))}`).join(''));
  if (ch === '/' || ch === '"' || ch === '\\') alts.push(`\\\\+${reEscape(ch)}`);
  alts.push(utf8.map(percentByte).join(''));
  return `(?:${alts.join('|')})`;
}

/** The characters of base64 output that depend on `value` alone, for each of the three alignments. */
export function base64Cores(value: string): string[] {
  const raw = Buffer.from(value, 'utf8');
  const cores: string[] = [];
  for (let a = 0; a < 3; a++) {
    const enc = Buffer.concat([Buffer.alloc(a), raw]).toString('base64');
    const from = Math.ceil((8 * a) / 6);
    const to = Math.floor((8 * (a + raw.length)) / 6);
    if (to - from >= 4) cores.push(enc.slice(from, to));
  }
  return cores;
}

/** A base64 run as a pattern: either alphabet, with `+` `/` `=` possibly percent-encoded or `/` JSON-escaped. */
function base64Pattern(b64: string): string {
  return [...b64]
    .map((c) => {
      if (c === '+' || c === '-') return `(?:\\+|-|%(?:25)*2[bB])`;
      if (c === '/' || c === '_') return `(?:\\\\*/|_|%(?:25)*2[fF])`;
      if (c === '=') return `(?:=|%(?:25)*3[dD])?`;
      return c;
    })
    .join('');
}

const TOKEN_CHAR = '[A-Za-z0-9_\\-]';
const B64_CHAR = '[A-Za-z0-9+/=_\\-]';

function buildMatchers(value: string): Matchers {
  const chars = [...value];
  const spelled = (bytes: boolean) => chars.map((c) => charPattern(c, bytes)).join('');
  if (value.length >= LONG_SECRET) {
    const b64 = base64Cores(value).map(base64Pattern);
    // What a cut leaves of the key: a preview ending inside it keeps a prefix, one starting inside it a
    // suffix, a key split across two stream events arrives as both. Longest first.
    const literal = (t: string, bytes: boolean) => reEscape(bytes ? Buffer.from(t, 'utf8').toString('latin1') : t);
    const fragments = (bytes: boolean) => {
      const out: string[] = [];
      for (let n = chars.length - 1; n >= FRAGMENT; n--) out.push(literal(chars.slice(0, n).join(''), bytes), literal(chars.slice(-n).join(''), bytes));
      return out;
    };
    const source = (bytes: boolean) => [spelled(bytes), ...b64, ...fragments(bytes)].join('|');
    const utf8 = Buffer.from(value, 'utf8').toString('latin1');
    const prefixes: string[] = [];
    for (let n = utf8.length - 1; n >= 6; n--) prefixes.push(utf8.slice(0, n));
    return { text: new RegExp(source(false), 'g'), bytes: new RegExp(source(true), 'g'), prefixes };
  }
  // A short secret: as a whole token only, and its base64 (alone or as `Bearer <key>`) as a whole token.
  const whole = [`Bearer ${value}`, value].map((v) => base64Pattern(Buffer.from(v, 'utf8').toString('base64')));
  const source = (bytes: boolean) => `(?<!${TOKEN_CHAR})(?:${spelled(bytes)})(?!${TOKEN_CHAR})|(?<!${B64_CHAR})(?:${whole.join('|')})(?!${B64_CHAR})`;
  return { text: new RegExp(source(false), 'g'), bytes: new RegExp(source(true), 'g'), prefixes: [] };
}

// ---------------------------------------------------------------------------------------------------
// Masking

function maskString(text: string, pick: (m: Matchers) => RegExp | undefined): string {
  let out = text;
  for (const m of secrets.values()) {
    const re = pick(m);
    if (re) out = out.replace(re, (hit) => '*'.repeat(hit.length));
  }
  return out;
}

const longOnly = (value: string, m: Matchers) => (value.length >= LONG_SECRET ? m : undefined);

/** What the transport masks before any check reads it (secrets of 8+ characters, every spelling). */
export function redactText(text: string): string {
  if (!secrets.size || !text) return text;
  let out = text;
  for (const [value, m] of secrets) if (longOnly(value, m)) out = out.replace(m.text, (hit) => '*'.repeat(hit.length));
  return out;
}

/** What every writer calls on text it writes: every secret, short ones as whole tokens too. */
export function redactOutput(text: string): string {
  if (!secrets.size || !text) return text;
  return maskString(text, (m) => m.text);
}

/**
 * Every string of a JSON-like value through redactOutput; returns a new value. Field names are the
 * harness's own and are left alone, as are the values of `keep` fields (enumerations of the results
 * schema such as `verdict`: a short key spelled `pass` must not make the file invalid).
 */
export function redactDeep<T>(value: T, keep: ReadonlySet<string> = new Set()): T {
  if (!secrets.size) return value;
  const walk = (v: unknown): unknown => {
    if (typeof v === 'string') return redactOutput(v);
    if (Array.isArray(v)) return v.map(walk);
    if (v && typeof v === 'object') {
      const out: Record<string, unknown> = {};
      for (const [k, x] of Object.entries(v)) out[k] = keep.has(k) && typeof x === 'string' ? x : walk(x);
      return out;
    }
    return v;
  };
  return walk(value) as T;
}

export function redactHeaders(headers: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(headers)) {
    out[k] = isCredentialHeader(k) ? redactCredential(v) : redactText(v);
  }
  return out;
}

/** Keeps the scheme word (`Bearer`) so a reader can tell which scheme was used. */
function redactCredential(value: string): string {
  const m = /^(Bearer|Basic|Token)\s+/i.exec(value);
  return m ? `${m[1]} ${REDACTED}` : REDACTED;
}

/** Masks, in place, every match on a latin1 view of `buf`, and a trailing cut-off prefix of a long secret. */
function maskBytes(buf: Buffer, output: boolean): boolean {
  let changed = false;
  const view = buf.toString('latin1');
  for (const [value, m] of secrets) {
    if (!output && value.length < LONG_SECRET) continue;
    m.bytes.lastIndex = 0;
    for (const hit of view.matchAll(m.bytes)) {
      buf.fill(0x2a /* '*' */, hit.index, hit.index + hit[0].length);
      changed = true;
    }
    // A body cut at the size cap may end in the first characters of the key: mask those too.
    for (const p of m.prefixes) {
      if (view.endsWith(p)) {
        buf.fill(0x2a, buf.length - p.length);
        changed = true;
        break;
      }
    }
  }
  return changed;
}

/**
 * Masks secrets in a sequence of byte chunks, including a secret split across two chunks, without
 * changing any chunk's length (the transport's tier: long secrets).
 */
export function redactChunks(chunks: Uint8Array[]): Uint8Array[] {
  return chunksThrough(chunks, false);
}

/** The same for bytes written out (cassettes, files): short secrets as whole tokens too. */
export function redactOutputBytes(chunks: Uint8Array[]): Uint8Array[] {
  return chunksThrough(chunks, true);
}

function chunksThrough(chunks: Uint8Array[], output: boolean): Uint8Array[] {
  if (!secrets.size || !chunks.length) return chunks;
  const total = Buffer.concat(chunks);
  if (!maskBytes(total, output)) return chunks;
  const out: Uint8Array[] = [];
  let offset = 0;
  for (const c of chunks) {
    out.push(new Uint8Array(total.subarray(offset, offset + c.length)));
    offset += c.length;
  }
  return out;
}
