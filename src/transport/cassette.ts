/**
 * Record and replay. `--record FILE` writes every exchange a run gets from the network to a cassette
 * (format: cassette-format.ts); `--replay FILE` answers the same requests from it with no network at all.
 *
 * Wiring: record above the scheduler, replay below it.
 *
 *   record:  const rec = createRecorder(file);  const send = rec.wrap(createScheduler({ send: http.send, ... }).send);
 *   replay:  const rp = await openReplay(file); const send = createScheduler({ send: rp.send, share: true }).send;
 *
 * Above the scheduler the recorder sees one final answer per request (retries already done) and sees a
 * shared answer as the same promise, which it records once. Below the scheduler in replay, sharing and
 * the budget behave as they did when recording; give the replay scheduler no rate limit, and it never
 * retries (a replayed exchange is final).
 */
import { closeSync, openSync, writeSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { Exchange, OutgoingRequest } from './types.js';
import { makeDir } from '../fs/make-dir.js';
import type { Send } from './http.js';
import { requestKey, describeRequest } from './sched-key.js';
import { isDryRunExchange } from './sched-dryrun.js';
import { encodeEntry, encodeHeader, parseCassette, type Cassette, type CassetteEntry } from './cassette-format.js';
import { redactForRecord } from './cassette-redact.js';

// One definition of `send` for the whole transport (http.ts); re-exported for this module's callers.
export type { Send } from './http.js';

export interface Recorder {
  /** Records every distinct answer `send` gives; returns the same promises unchanged. */
  wrap(send: Send): Send;
  /** Waits for the answers still in flight to be written, then closes the file. Throws a write error. */
  close(): Promise<void>;
  stats(): { recorded: number; reRedacted: number };
}

/** `writeLine`: how a line reaches the file (the harness's tests inject a failing one). */
export function createRecorder(file: string, writeLine: (fd: number, line: string) => void = writeSync): Recorder {
  // Level by level: a recursive mkdir never returns under a folder like /proc on Node 20 (fs/make-dir.ts).
  makeDir(dirname(file));
  const fd = openSync(file, 'w');
  writeSync(fd, `${encodeHeader()}\n`);
  let seq = 0;
  let recorded = 0;
  let reRedacted = 0;
  let writeError: unknown;
  let closed = false;
  const inFlight = new Set<Promise<void>>();
  const seen = new WeakSet<Promise<Exchange>>();

  function write(entry: CassetteEntry): void {
    // Synchronous: completions arrive in any order, and one writeSync per line cannot interleave.
    if (closed || writeError) return;
    const { exchange, changed } = redactForRecord(entry.exchange);
    reRedacted += changed;
    try {
      writeLine(fd, `${encodeEntry({ ...entry, exchange })}\n`);
      recorded++;
    } catch (e) {
      writeError = e;
    }
  }

  return {
    wrap(send) {
      return (req) => {
        const answer = send(req);
        // The scheduler hands every sharer the same promise: record it once.
        if (seen.has(answer)) return answer;
        seen.add(answer);
        const entry = { seq: seq++, key: requestKey(req), fresh: !!req.fresh };
        const done = answer.then(
          (ex) => {
            // A cassette holds network observations only.
            if (!ex.replayed && !isDryRunExchange(ex)) write({ ...entry, exchange: ex });
          },
          () => {}, // a refused request (budget) has no exchange to record; the caller sees the rejection
        );
        inFlight.add(done);
        void done.finally(() => inFlight.delete(done));
        return answer;
      };
    },
    async close() {
      await Promise.all([...inFlight]);
      if (!closed) {
        closed = true;
        closeSync(fd);
      }
      if (writeError) throw writeError;
    },
    stats: () => ({ recorded, reRedacted }),
  };
}

export interface ReplayStats {
  /** Requests answered from the recording. */
  answered: number;
  misses: number;
  /** Recorded exchanges never handed out (a sign that the run asked for other things than the recording). */
  unused: number;
}

export interface Replay {
  send: Send;
  stats(): ReplayStats;
}

export async function loadCassette(file: string): Promise<Cassette> {
  return parseCassette(await readFile(file, 'utf8'), file);
}

export async function openReplay(file: string): Promise<Replay> {
  return createReplay(await loadCassette(file));
}

/**
 * Matching: by `requestKey`. Several recordings under one key (fresh samples) are handed out in `seq`
 * order, one per call; once they are used up a fresh request misses (it needs a sample the recording
 * does not have), while a non-fresh one gets the last again (the same question, the same answer).
 */
export function createReplay(cassette: Cassette): Replay {
  const byKey = new Map<string, CassetteEntry[]>();
  for (const e of [...cassette.entries].sort((a, b) => a.seq - b.seq)) {
    (byKey.get(e.key) ?? byKey.set(e.key, []).get(e.key)!).push(e);
  }
  const cursor = new Map<string, number>();
  let answered = 0;
  let misses = 0;
  let missCounter = 0;

  function miss(req: OutgoingRequest, why: string): Exchange {
    misses++;
    return {
      id: `miss${(++missCounter).toString().padStart(4, '0')}`,
      request: { method: req.method, url: req.path, headers: {} },
      error: { kind: 'replay-miss', message: `replay miss: ${describeRequest(req)}: ${why}` },
      timings: { startedAt: Date.now() },
      replayed: true,
    };
  }

  function samePathCount(req: OutgoingRequest): number {
    return cassette.entries.filter((e) => e.exchange.request.method === req.method && e.exchange.request.url.endsWith(req.path)).length;
  }

  const send: Send = async (req) => {
    const key = requestKey(req);
    const list = byKey.get(key);
    if (!list) {
      const n = samePathCount(req);
      return miss(
        req,
        n
          ? `the recording has ${n} exchange${n === 1 ? '' : 's'} for ${req.method} ${req.path}, none with this body, headers, auth and limits`
          : `the recording has no exchange for ${req.method} ${req.path}`,
      );
    }
    const i = cursor.get(key) ?? 0;
    cursor.set(key, i + 1);
    if (i >= list.length && req.fresh) {
      return miss(req, `the recording holds ${list.length} sample${list.length === 1 ? '' : 's'} of this request and this is call ${i + 1}`);
    }
    answered++;
    return { ...list[Math.min(i, list.length - 1)]!.exchange, replayed: true };
  };

  return {
    send,
    stats: () => {
      let unused = 0;
      for (const [key, list] of byKey) unused += Math.max(0, list.length - (cursor.get(key) ?? 0));
      return { answered, misses, unused };
    },
  };
}
