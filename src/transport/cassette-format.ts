/**
 * The cassette file format, `oai-compat.cassette` version 1: JSON Lines.
 *
 *   line 1   {"format":"oai-compat.cassette","version":1,"createdAt":"2025-01-01T00:00:00.000Z"}
 *   line 2+  {"seq":0,"key":"<sha256 hex>","fresh":false,"exchange":{...}}
 *
 * One line per request the run put on the wire (its final answer, after the scheduler's retries), written
 * as it completes, so lines are in completion order and a crash leaves every finished exchange readable.
 * `seq` is the order in which the requests were made; replay hands out repeated identical requests in
 * `seq` order. `key` is `requestKey` (a hash: it reveals no header or body). `exchange` is the Exchange
 * exactly as the transport produced it (redacted), except that each body read's bytes are base64:
 * `reads: [{"t": 12.5, "b64": "ZGF0YTog..."}]`, `t` being ms since the request started.
 *
 * JSON Lines rather than one document: appending needs no rewrite, concurrent completions cannot
 * interleave (each line is one synchronous write), and a large recording can be read line by line.
 */
import type { BodyRead, Exchange } from './types.js';

export const CASSETTE_FORMAT = 'oai-compat.cassette';
export const CASSETTE_VERSION = 1;

export interface CassetteHeader {
  format: typeof CASSETTE_FORMAT;
  version: typeof CASSETTE_VERSION;
  createdAt: string;
}

export interface CassetteEntry {
  seq: number;
  key: string;
  fresh: boolean;
  exchange: Exchange;
}

export interface Cassette {
  header: CassetteHeader;
  entries: CassetteEntry[];
}

interface StoredRead {
  t: number;
  b64: string;
}

export function encodeHeader(createdAt = new Date()): string {
  const h: CassetteHeader = { format: CASSETTE_FORMAT, version: CASSETTE_VERSION, createdAt: createdAt.toISOString() };
  return JSON.stringify(h);
}

export function encodeEntry(entry: CassetteEntry): string {
  const ex = entry.exchange;
  const exchange = ex.response
    ? {
        ...ex,
        response: {
          ...ex.response,
          reads: ex.response.reads.map(
            (r): StoredRead => ({ t: r.t, b64: Buffer.from(r.bytes.buffer, r.bytes.byteOffset, r.bytes.byteLength).toString('base64') }),
          ),
        },
      }
    : ex;
  return JSON.stringify({ seq: entry.seq, key: entry.key, fresh: entry.fresh, exchange });
}

/** Thrown for a line that parses as JSON but is not a cassette entry (a hand-edited or foreign file). */
class EntryShapeError extends Error {}

function decodeEntry(line: string, lineNo: number): CassetteEntry {
  const raw = JSON.parse(line) as { seq?: unknown; key?: unknown; fresh?: unknown; exchange?: Exchange & { response?: { reads: StoredRead[] } } } | null;
  if (!raw || typeof raw !== 'object' || typeof raw.seq !== 'number' || typeof raw.key !== 'string' || !raw.exchange || typeof raw.exchange !== 'object') {
    throw new EntryShapeError(`line ${lineNo}: not an entry (needs seq, key, exchange)`);
  }
  const ex = raw.exchange;
  const reads = ex.response?.reads as unknown;
  if (ex.response && !(Array.isArray(reads) && reads.every((r) => r && typeof r.t === 'number' && typeof r.b64 === 'string'))) {
    throw new EntryShapeError(`line ${lineNo}: exchange.response.reads must be a list of {t, b64}`);
  }
  const exchange: Exchange = ex.response
    ? {
        ...ex,
        response: {
          ...ex.response,
          reads: (reads as StoredRead[]).map((r): BodyRead => ({ t: r.t, bytes: new Uint8Array(Buffer.from(r.b64, 'base64')) })),
        },
      }
    : ex;
  return { seq: raw.seq, key: raw.key, fresh: raw.fresh === true, exchange };
}

export function parseCassette(text: string, source = 'cassette'): Cassette {
  const lines = text.split('\n');
  if (lines.at(-1) === '') lines.pop();
  let header: CassetteHeader;
  try {
    header = JSON.parse(lines[0] ?? '') as CassetteHeader;
  } catch {
    throw new Error(`${source}: not an oai-compat cassette (the first line is not JSON)`);
  }
  if (header?.format !== CASSETTE_FORMAT) throw new Error(`${source}: not an oai-compat cassette (format ${JSON.stringify(header?.format)})`);
  if (header.version !== CASSETTE_VERSION) {
    throw new Error(`${source}: cassette version ${header.version} is not supported (this build reads version ${CASSETTE_VERSION})`);
  }
  const entries: CassetteEntry[] = [];
  for (let i = 1; i < lines.length; i++) {
    try {
      entries.push(decodeEntry(lines[i]!, i + 1));
    } catch (e) {
      // A run killed mid-write leaves at most its last line cut short; everything before it stands.
      if (i === lines.length - 1 && e instanceof SyntaxError) break;
      if (e instanceof EntryShapeError) throw new Error(`${source} ${e.message}`);
      throw e instanceof SyntaxError ? new Error(`${source} line ${i + 1}: ${e.message}`) : e;
    }
  }
  return { header, entries };
}
