/**
 * A streamed endpoint answer read with the project's SSE reader (src/sse): the JSON events in order, their
 * `event:` names, and whether `[DONE]` came. The checks of each operation judge these facts.
 */
import type { Exchange } from '../../transport/types.js';
import type { Observation } from '../../cases/types.js';
import { readSse, extractChunks, dataEvents } from '../../sse/index.js';
import { readAnswer, type Answer } from './answer.js';
import { protocol, STATUS_SIGNAL, transportSignal } from '../../cases/evidence.js';

export interface StreamFacts {
  answer: Answer;
  contentType?: string;
  chunks: unknown[];
  /** The `event:` name of each JSON chunk (undefined where none). */
  names: (string | undefined)[];
  errors: string[];
  nonJson: number;
  done: boolean;
}

export function streamObservation(ex: Exchange, what: string): Observation {
  const answer = readAnswer(ex);
  const facts: StreamFacts = { answer, contentType: ex.response?.headers['content-type'], chunks: [], names: [], errors: [], nonJson: 0, done: false };
  if (ex.response && answer.status! >= 200 && answer.status! < 300) {
    const read = readSse(ex.response.reads);
    const set = extractChunks(read);
    const byIndex = new Map(dataEvents(read).map((e) => [e.index, e.event]));
    facts.chunks = set.chunks.map((c) => c.json);
    facts.names = set.chunks.map((c) => byIndex.get(c.event));
    facts.errors = set.errors.map((e) => e.message);
    facts.nonJson = set.nonJson.length;
    facts.done = set.done;
  }
  const observed =
    answer.status === undefined ? `no answer (${ex.error?.kind})` : `${answer.status} ${facts.chunks.length} chunks${facts.done ? ' + [DONE]' : ''}`;
  const obs: Observation = {
    observed,
    // The SSE framing as read from the bytes: the status, the label, the JSON chunks and the closing [DONE].
    signals:
      answer.status === undefined
        ? [transportSignal(ex)]
        : [
            protocol(STATUS_SIGNAL, answer.status),
            protocol('header content-type', facts.contentType ?? null),
            protocol('sse.json-chunks', facts.chunks.length),
            protocol('sse.done', facts.done),
          ],
    evidence: {
      request: what,
      status: answer.status ?? answer.transport,
      contentType: facts.contentType ?? null,
      chunks: facts.chunks.length,
      done: facts.done,
    },
    facts: facts as unknown as Record<string, unknown>,
  };
  // A 429 is the rate limiter's answer, not the stream's (as for the non-streamed answer in answer.ts).
  return answer.status === 429 ? { ...obs, verdict: 'inconclusive', note: `rate-limited (429): ${what} was not answered` } : obs;
}

/** Problems every stream shares: a 2xx event stream without in-band errors or non-JSON data. */
export function streamBasics(s: StreamFacts): string[] {
  const a = s.answer;
  if (a.status === undefined) return [`no answer: ${a.transport}`];
  if (a.status < 200 || a.status >= 300) return [`answered ${a.status}: ${a.head}`];
  const out: string[] = [];
  if (!/^text\/event-stream/i.test(s.contentType ?? '')) out.push(`content-type is ${s.contentType ?? 'absent'}, not text/event-stream`);
  if (s.errors.length) out.push(`in-band error: ${s.errors[0]}`);
  if (s.nonJson) out.push(`${s.nonJson} events whose data is not JSON`);
  return out;
}
