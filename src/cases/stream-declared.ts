/**
 * Stream rules declared in YAML (`stream.<any-id>: {status, assert: {path, present, type}}`): a JSON path over
 * the data chunks of the shared baseline stream, and what must hold of it (carried by some chunk, by every chunk
 * that reaches it, or by none; of a JSON type). The observation has the shape the built-in rules give
 * (`facts.byMode.any`: one outcome per stream read), so stream.ts's judge reads it the same way: `required` fails
 * on a broken assertion, `forbidden` on one that holds, `optional` reports. A stream that was refused, not a
 * stream, or cut short gives nothing to judge (a skip or inconclusive, never a pass or a fail).
 */
import type { StreamAssertion } from '../spec/profile.types.js';
import { extractChunks } from '../sse/chunks.js';
import { hasType, jsonType, preview, valuesAt } from '../checks/json-path.js';
import type { CaseIO, Observation, Verdict } from './types.js';
import { statusSignals } from './verdicts.js';
import { protocol } from './evidence.js';
import { analysis, cutByBound, notAStream, notStreamed, sendStream, STREAM_LABEL } from './stream-requests.js';

interface DeclaredOutcome {
  stream: 'baseline';
  verdict: Verdict;
  message: string;
  evidence: Record<string, unknown>;
}

export async function observeDeclared(io: CaseIO, a: StreamAssertion): Promise<Observation> {
  const ex = await sendStream(io, 'baseline');
  const outcome = declaredOutcome(a, ex);
  const observed =
    outcome.verdict === 'fail' ? 'broken' : outcome.verdict === 'pass' ? 'holds' : outcome.verdict === 'inconclusive' ? 'not settled' : 'not judged';
  return {
    observed,
    evidence: { baseline: { verdict: outcome.verdict, ...outcome.evidence } },
    facts: { byMode: { any: [outcome] } },
    // The assertion read over the stream's data chunks (protocol); nothing to judge, no signal.
    signals: [...statusSignals([ex]), ...(outcome.verdict === 'skip' ? [] : [protocol(`sse ${a.path}`, outcome.verdict)])],
    note: outcome.message,
  };
}

function declaredOutcome(a: StreamAssertion, ex: Awaited<ReturnType<typeof sendStream>>): DeclaredOutcome {
  const label = STREAM_LABEL.baseline;
  const stream = 'baseline' as const;
  const refused = notStreamed(ex) ?? notAStream(ex);
  if (refused) return { stream, verdict: 'skip', message: `the ${label} was ${refused}: nothing streamed to judge`, evidence: {} };
  const cut = cutByBound(ex);
  if (cut && a.present !== 'some') {
    return { stream, verdict: 'inconclusive', message: `the ${label} did not end within the harness's bounds (${cut})`, evidence: { cut } };
  }
  const chunks = extractChunks(analysis(ex, 'baseline').read).chunks;
  let reached = 0;
  let carried = 0;
  const wrongType: string[] = [];
  let firstMissing: number | undefined;
  let firstCarrier: number | undefined;
  for (const c of chunks) {
    for (const hit of valuesAt(c.json, a.path)) {
      reached++;
      if (hit.present && hit.value !== null && hit.value !== undefined) {
        carried++;
        firstCarrier ??= c.event;
        if (a.type && !hasType(hit.value, a.type)) wrongType.push(`event #${c.event} ${hit.path} is ${jsonType(hit.value)} ${preview(hit.value, 40)}`);
      } else firstMissing ??= c.event;
    }
  }
  const evidence = {
    path: a.path,
    present: a.present,
    chunks: chunks.length,
    reached,
    carried,
    ...(a.type ? { type: a.type, wrongType: wrongType.length } : {}),
  };
  if (chunks.length === 0) return { stream, verdict: 'skip', message: `the ${label} carried no JSON chunk to read ${a.path} in`, evidence };
  const typed = a.type && wrongType.length ? `; ${wrongType[0]}${wrongType.length > 1 ? ` (and ${wrongType.length - 1} more)` : ''}, not ${a.type}` : '';
  const says = `${a.path} carried by ${carried} of ${reached} places it reaches in ${chunks.length} chunks`;
  let holds: boolean;
  if (a.present === 'none') holds = carried === 0;
  else if (a.present === 'every') holds = reached > 0 && carried === reached;
  else holds = carried > 0;
  if (a.present !== 'none' && wrongType.length) holds = false;
  const where =
    a.present === 'none' && firstCarrier !== undefined
      ? ` (first at event #${firstCarrier})`
      : a.present === 'every' && firstMissing !== undefined
        ? ` (missing first at event #${firstMissing})`
        : '';
  return {
    stream,
    verdict: holds ? 'pass' : 'fail',
    message: `${says}${where}${typed}: expected ${a.present === 'none' ? 'none' : a.present}${a.type ? ` of type ${a.type}` : ''}`,
    evidence,
  };
}
