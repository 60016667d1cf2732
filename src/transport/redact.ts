/**
 * Redaction: the one place that decides what a secret looks like. Credential headers are replaced
 * whole; any occurrence of a registered secret value (the API key) is masked wherever it appears:
 * header values, bodies, raw stream bytes, error messages. Masks keep the byte length so that the
 * offsets of stream reads stay true.
 */

export const REDACTED = '[REDACTED]';
const CREDENTIAL_HEADERS = new Set(['authorization', 'proxy-authorization', 'x-api-key', 'api-key', 'cookie', 'set-cookie']);

/** Secret values registered for this process (the API key, and any key a test plants). */
const secrets = new Set<string>();

export function registerSecret(value: string | undefined): void {
  // Very short values would mask ordinary text and protect nothing.
  if (value && value.length >= 8) secrets.add(value);
}

export function isCredentialHeader(name: string): boolean {
  return CREDENTIAL_HEADERS.has(name.toLowerCase());
}

export function redactText(text: string): string {
  let out = text;
  for (const s of secrets) if (out.includes(s)) out = out.split(s).join('*'.repeat(s.length));
  return out;
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

/**
 * Masks secrets in a sequence of byte chunks, including a secret split across two chunks,
 * without changing any chunk's length.
 */
export function redactChunks(chunks: Uint8Array[]): Uint8Array[] {
  if (!secrets.size || !chunks.length) return chunks;
  const total = Buffer.concat(chunks);
  let changed = false;
  for (const s of secrets) {
    const needle = Buffer.from(s, 'utf8');
    let at = total.indexOf(needle);
    while (at !== -1) {
      total.fill(0x2a /* '*' */, at, at + needle.length);
      changed = true;
      at = total.indexOf(needle, at + needle.length);
    }
  }
  if (!changed) return chunks;
  const out: Uint8Array[] = [];
  let offset = 0;
  for (const c of chunks) {
    out.push(new Uint8Array(total.subarray(offset, offset + c.length)));
    offset += c.length;
  }
  return out;
}
