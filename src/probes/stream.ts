/**
 * stream: the shared streaming baseline (stream: true) is the probe. Decisive either way:
 *  - content-type text/event-stream carrying JSON chunks → supported;
 *  - a JSON chat completion instead → ignored;
 *  - anything else → broken.
 * The stream's framing and sequence are the stream cases' job, not this one's.
 */
import type { FieldRow } from '../spec/profile.types.js';
import type { CaseIO, Observation } from '../cases/types.js';
import type { Probe } from './types.js';
import { classifyAnswer } from './classify.js';
import { readCompletion } from './completion.js';
import { readStream } from './stream-read.js';

async function observe(io: CaseIO, _key: string, _row: FieldRow | undefined): Promise<Observation> {
  const ex = await io.baseline(true);
  const a = classifyAnswer(ex);
  if (a.observation) return a.observation;
  const s = readStream(ex);
  const evidence = { content_type: s.contentType, chunks: s.chunks, done: s.done };
  if (s.eventStream && s.chunks > 0) return { observed: 'supported', confidence: 'decisive', evidence };
  const json = readCompletion(ex);
  if (json) return { observed: 'ignored', confidence: 'decisive', evidence: { content_type: s.contentType, chunks: 0, choices: json.choices.length }, note: 'stream: true answered with one JSON completion' };
  return { observed: 'broken', confidence: 'decisive', evidence, note: `neither an event stream with chunks nor a JSON completion (content-type ${String(s.contentType)})` };
}

export const streamProbe: Probe = { keys: ['request.stream'], observe };
