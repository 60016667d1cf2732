/**
 * Latency claims (`performance.<id>`): a profile `performance` row (metric ttft, ttfb or total; a percentile; a
 * bound in ms; the model it is claimed for; streamed or not). k samples of the baseline request, one after the
 * other (no self-inflicted contention): for a median (or lower) claim the run's shared baseline of the same mode
 * (the same body, sent once for real) and k - 1 fresh ones, above the median k fresh ones (sharesBaseline says
 * why); the claimed percentile, p50 and p95 go in the evidence, with which requests they were. Pass or fail
 * against the bound; a claim the run cannot settle (too few samples for the percentile, a failed sample) is
 * inconclusive; a claim for another model than the run's is a skip that says so.
 */
import type { PerformanceRow } from '../spec/profile.types.js';
import type { Exchange } from '../transport/types.js';
import type { CaseIO, Judgement, Observation } from '../cases/types.js';
import { fail, pass, settledByObservation, skip } from '../cases/verdicts.js';
import { percentile } from '../sse/util.js';
import { analysis, cutByBound, notAStream, notStreamed } from '../cases/stream-requests.js';
import { accounting } from '../cases/evidence.js';

export function describePerformanceRow(r: PerformanceRow): string {
  return `${r.metric} p${r.percentile} ≤ ${r.maxMs} ms${r.model ? ` on ${r.model}` : ''}${streamed(r) ? ', streamed' : ''}`;
}

/** Time to first token is a streaming measure unless the row says otherwise. */
function streamed(r: PerformanceRow): boolean {
  return r.stream ?? r.metric === 'ttft';
}

/**
 * Samples a nearest-rank percentile needs so that at least one sample lies above it: with fewer, the "p95" of
 * 5 samples is just their maximum. p50 needs 2, p90 10, p95 20, p99 100.
 */
export function samplesNeeded(p: number): number {
  return p >= 100 ? 1 : Math.max(1, Math.ceil(100 / (100 - p) - 1e-9));
}

/**
 * Whether a claim's first sample may be the run's shared baseline. On a real provider that is usually the run's
 * first request, on a cold connection (TLS setup), so it may be the slowest sample. With k >= samplesNeeded(p),
 * the nearest rank ceil(p·k/100) is at most k - 1: one slow sample is never the reading itself, but it moves the
 * reading up by one rank of the other samples. At the median the neighbouring ranks lie close together (p50 of 5
 * becomes the 3rd of the 4 warm samples instead of the 3rd of 5), while above it the next rank is the tail (p95 of
 * 20 becomes the slowest of the 19 warm ones, p90 of 10 the slowest of 9). So the median and below share the
 * baseline, and higher percentiles take k fresh samples.
 */
export function sharesBaseline(p: number): boolean {
  return p <= 50;
}

export async function observeLatency(io: CaseIO, id: string, row: PerformanceRow): Promise<Observation> {
  if (row.model && row.model !== io.model) {
    return {
      observed: 'not measured',
      evidence: { claimModel: row.model, runModel: io.model },
      verdict: 'skip',
      note: `the claim is for model "${row.model}" and this run uses "${io.model}" (run with --model ${row.model} to measure it)`,
    };
  }
  const needed = samplesNeeded(row.percentile);
  if (io.samples < needed) {
    return {
      observed: 'not measured',
      evidence: { samples: io.samples, needed },
      verdict: 'inconclusive',
      note: `a p${row.percentile} needs at least ${needed} samples and the run takes ${io.samples} (run with --samples ${needed}); nothing was sent`,
    };
  }
  const stream = streamed(row);
  const values: number[] = [];
  const errors: string[] = [];
  let notStreams = 0;
  const sampleIds: string[] = [];
  const shared = sharesBaseline(row.percentile);
  for (let i = 0; i < io.samples; i++) {
    // A median claim's first sample is the run's baseline request of the same mode: the very body a sample sends,
    // sent once for real (its timings are its own, never a cached copy's), so it is measured the same way; the rest
    // are fresh. Above the median every sample is fresh (sharesBaseline).
    const ex = i === 0 && shared ? await io.baseline(stream) : await io.chat({}, { stream, fresh: true, purpose: `performance.${id} sample ${i + 1}` });
    sampleIds.push(ex.id);
    const v = measure(ex, row.metric, stream);
    if (typeof v === 'number') values.push(v);
    else {
      errors.push(`sample ${i + 1}: ${v.error}`);
      if (v.notAStream) notStreams++;
    }
  }
  // A streamed claim with no stream to time is a claim with nothing to look at: a skip with the reason, never a verdict.
  if (notStreams === io.samples) {
    return {
      observed: 'not measured',
      evidence: { metric: row.metric, stream, samples: io.samples, errors: errors.slice(0, 2) },
      verdict: 'skip',
      note: `the claim is for a streamed answer and every sample ${errors[0]?.replace(/^sample 1: /, '')}: there is no stream to time`,
    };
  }
  const value = percentile(values, row.percentile);
  const evidence: Record<string, unknown> = {
    metric: row.metric,
    stream,
    samples: io.samples,
    valid: values.length,
    valuesMs: values,
    [`p${row.percentile}Ms`]: value,
    p50Ms: percentile(values, 50),
    p95Ms: percentile(values, 95),
    maxMs: row.maxMs,
    // Which requests were the samples (exchange ids): the shared baseline first when a median claim reads it, then the fresh ones.
    sampleRequests: shared ? { baseline: sampleIds[0], fresh: sampleIds.slice(1) } : { fresh: sampleIds },
  };
  // A nearest-rank p95 of fewer than 20 samples is their maximum: say so rather than let it read as a p95.
  if (values.length < samplesNeeded(95)) evidence.p95Basis = `the slowest of ${values.length} samples`;
  if (errors.length) evidence.errors = errors.slice(0, 5);
  const obs: Observation = {
    observed: value === undefined ? 'no sample' : `p${row.percentile} ${value} ms`,
    evidence,
    // A timing is the harness's own measurement, not protocol: accounting, so heuristic (the guard keeps a
    // performance verdict as it is: the claim is a number measured against a declared one). None timed: none.
    signals: value === undefined ? [] : [accounting(`${row.metric} p${row.percentile} ms`, value)],
    facts: { value },
  };
  if (errors.length) {
    obs.verdict = 'inconclusive';
    obs.note = `${errors.length} of ${io.samples} samples gave no ${row.metric}: ${errors[0]}`;
  }
  return obs;
}

/** The metric of one sample in ms, or why there is none. */
function measure(ex: Exchange, metric: PerformanceRow['metric'], stream: boolean): number | { error: string; notAStream?: boolean } {
  const refused = notStreamed(ex);
  if (refused) return { error: refused };
  const plain = stream ? notAStream(ex) : undefined;
  if (plain) return { error: `was ${plain}`, notAStream: true };
  const cut = cutByBound(ex);
  if (cut) return { error: `did not finish: ${cut}` };
  let v: number | undefined;
  if (metric === 'ttfb') v = ex.timings.firstByteMs;
  else if (metric === 'total') v = ex.timings.totalMs;
  // Streamed: the first event that carried content. Not streamed, the first token arrives with the body.
  else v = stream ? analysis(ex, 'baseline').timing.firstContentMs : ex.timings.firstByteMs;
  return v === undefined ? { error: metric === 'ttft' && stream ? 'no content arrived' : `no ${metric} recorded` } : Math.round(v * 10) / 10;
}

export function judgeLatency(obs: Observation, row: PerformanceRow): Judgement {
  const settled = settledByObservation(obs);
  if (settled) return settled;
  const value = obs.facts?.value as number | undefined;
  const ev = obs.evidence;
  const spread = `over ${String(ev.valid)} samples (p50 ${String(ev.p50Ms)} ms, p95 ${String(ev.p95Ms)} ms)`;
  // Not reached with samples (each gives a value or an error, and an error is inconclusive): nothing measured is no verdict.
  if (value === undefined) return skip(`no ${row.metric} could be measured`);
  if (value <= row.maxMs) return pass(`${row.metric} p${row.percentile} ${value} ms ≤ ${row.maxMs} ms ${spread}`);
  return fail(`${row.metric} p${row.percentile} ${value} ms > ${row.maxMs} ms claimed ${spread}`);
}
