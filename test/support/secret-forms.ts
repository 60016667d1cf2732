/** Looking for a secret in any spelling, in a file or an output, the way an attacker reading it would. */
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { base64Cores } from '../../src/transport/redact.js';

function safe<T>(f: () => T): T | undefined {
  try {
    return f();
  } catch {
    return undefined;
  }
}

/**
 * Which spelling of `secret` `text` still holds, or undefined: raw, after up to three levels of
 * percent-decoding and JSON string unescaping, any 12-character window of it (a preview that kept most
 * of it counts), and any base64 alignment of it (standard or URL alphabet, `/` possibly escaped).
 */
export function findSecret(text: string, secret: string): string | undefined {
  const win = Math.min(12, secret.length);
  const windows = [...Array(secret.length - win + 1).keys()].map((i) => secret.slice(i, i + win));
  let decoded = [text];
  for (let level = 0; level < 3; level++) {
    const next = decoded.flatMap((t) => [
      safe(() => decodeURIComponent(t)),
      safe(() => JSON.parse(`"${t.replace(/\\\\/g, '\u0000').replace(/(?<!\\)"/g, '\\"').replace(/\u0000/g, '\\\\').replace(/[\n\r\t]/g, ' ')}"`) as unknown),
      t.replace(/\\u([0-9a-fA-F]{4})/g, (_, h: string) => String.fromCharCode(parseInt(h, 16))),
    ]);
    decoded = [...new Set([...decoded, ...next.filter((t): t is string => typeof t === 'string')])];
  }
  for (const t of decoded) for (const w of windows) if (t.includes(w)) return `"${w}" (decoded level)`;
  const b64 = text.replace(/-/g, '+').replace(/_/g, '/').replace(/\\\//g, '/').replace(/%2[fF]/g, '/').replace(/%2[bB]/g, '+');
  for (const core of base64Cores(secret)) if (b64.includes(core.slice(0, 12))) return `base64 ${core.slice(0, 12)}`;
  return undefined;
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
  for (const [name, text] of texts) {
    for (const s of secrets) {
      const hit = findSecret(text, s);
      if (hit) found.push(`${name}: ${hit}`);
    }
  }
  return found;
}
