/** Looking for a secret in any spelling, in a file or an output, the way an attacker reading it would. */
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { base64Cores } from '../../src/transport/redact.js';

const reEscape = (t: string) => t.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&');

/** Every decoding of `text` an attacker would try: up to three levels of percent-decoding and JSON string unescaping. */
function decodings(text: string): string[] {
  let decoded = [text];
  for (let level = 0; level < 3; level++) {
    const next = decoded
      .filter((t) => t.includes('%') || t.includes('\\'))
      .flatMap((t) => [
        // Tolerant (a literal "50%" elsewhere in the file must not stop it): byte by byte, the keys are ASCII.
        t.includes('%') ? t.replace(/%([0-9a-fA-F]{2})/g, (_, h: string) => String.fromCharCode(parseInt(h, 16))) : undefined,
        t.includes('\\') ? t.replace(/\\+u([0-9a-fA-F]{4})/g, (_, h: string) => String.fromCharCode(parseInt(h, 16))).replace(/\\+([/"\\])/g, '$1') : undefined,
      ]);
    const fresh = next.filter((t): t is string => typeof t === 'string' && !decoded.includes(t));
    if (!fresh.length) break;
    decoded = [...decoded, ...fresh];
  }
  return decoded;
}

/** Any 12-character window of the secret, and the start of each of its base64 cores. */
function pattern(secret: string): RegExp {
  const win = Math.min(12, secret.length);
  const alts = [...Array(secret.length - win + 1).keys()].map((i) => reEscape(secret.slice(i, i + win)));
  return new RegExp(alts.join('|'));
}

/**
 * Which spelling of `secret` `text` still holds, or undefined: raw, after up to three levels of
 * percent-decoding and JSON string unescaping, any 12-character window of it (a preview that kept most
 * of it counts), and any base64 alignment of it (standard or URL alphabet, `/` possibly escaped).
 */
export function findSecret(text: string, secret: string): string | undefined {
  return findSecrets(text, [secret])[0];
}

function findSecrets(text: string, secrets: string[]): string[] {
  const found: string[] = [];
  const decoded = decodings(text);
  const b64 = text
    .replace(/-/g, '+')
    .replace(/_/g, '/')
    .replace(/\\\//g, '/')
    .replace(/%2[fF]/g, '/')
    .replace(/%2[bB]/g, '+');
  for (const secret of secrets) {
    const re = pattern(secret);
    const hit = decoded.map((t) => re.exec(t)).find(Boolean);
    if (hit) {
      found.push(`${secret.slice(0, 6)}…: "${hit[0]}"`);
      continue;
    }
    const core = base64Cores(secret).find((c) => b64.includes(c.slice(0, 12)));
    if (core) found.push(`${secret.slice(0, 6)}…: base64 ${core.slice(0, 12)}`);
  }
  return found;
}

export async function allFiles(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const e of await readdir(dir, { withFileTypes: true, recursive: true })) if (e.isFile()) out.push(join(e.parentPath, e.name));
  return out;
}

/** Every file under `dir` (and the extra texts, such as a run's stdout and stderr) in which a secret is found. */
export async function leaks(dir: string, secrets: string[], extra: Record<string, string> = {}): Promise<string[]> {
  const found: string[] = [];
  const texts: [string, string][] = Object.entries(extra);
  for (const f of await allFiles(dir)) texts.push([f, await readFile(f, 'utf8')]);
  for (const [name, text] of texts) for (const hit of findSecrets(text, secrets)) found.push(`${name}: ${hit}`);
  return found;
}
