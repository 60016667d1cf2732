/**
 * stream: the shared streaming baseline (stream: true) is the probe. Decisive either way:
 *  - an event stream carrying JSON chunks → supported. An event stream is told by its bytes (src/sse/detect.ts):
 *    SSE sent with no text/event-stream content-type (or with application/json) still honoured the field, and
 *    every SDK reads it; the wrong label is stream.content-type's finding, on its own row;
 *  - a JSON chat completion instead → ignored;
 *  - anything else → broken.
 * The stream's framing and sequence are the stream cases' job, not this one's.
 */
import type { FieldRow } from '../spec/profile.types.js';
import type { CaseIO, Observation } from '../cases/types.js';
import type { Probe } from './types.js';
import { classifyAnswer } from './classify.js';
import { readCompletion } from './completion.js';
import { mislabelled, readStream } from './stream-read.js';
import { protocol } from '../cases/evidence.js';

async function observe(io: CaseIO, _key: string, _row: FieldRow | undefined): Promise<Observation> {
  const ex = await io.baseline(true);
  const a = classifyAnswer(ex);
  if (a.observation) return a.observation;
  const s = readStream(ex);
  const evidence = { content_type: s.contentType, body: s.shape.kind, stream_told_by: s.shape.by ?? null, chunks: s.chunks, done: s.done };
  // SSE framing read from the bytes: whether the body is an event stream (and what told it), and its chunk count.
  const framing = [protocol('sse.event-stream', s.eventStream), protocol('sse.json-chunks', s.chunks)];
  if (s.eventStream && s.chunks > 0) {
    const note = mislabelled(s);
    return { observed: 'supported', evidence, signals: framing, ...(note ? { note: `streamed ${s.chunks} chunks${note}` } : {}) };
  }
  const json = readCompletion(ex);
  if (json)
    return {
      observed: 'ignored',
      evidence: { ...evidence, choices: json.choices.length },
      signals: [...framing, protocol('body is a chat completion', true)],
      note: 'stream: true answered with one JSON completion',
    };
  const what = s.eventStream
    ? `an event stream with no JSON chunk (content-type ${String(s.contentType)})`
    : `neither an event stream nor a JSON completion (content-type ${String(s.contentType)}, body starts ${JSON.stringify(s.shape.firstLine)})`;
  return { observed: 'broken', evidence, signals: [...framing, protocol('body is a chat completion', false)], note: what };
}

export const streamProbe: Probe = { keys: ['request.stream'], observe };
