/**
 * Group testing for the sampling controls a profile declares not honoured (temperature, top_p, seed:
 * `ignored`, `stripped` or `unsupported`), planned once per run from the selected cases. Each control,
 * honoured, narrows the sampler: temperature 0 is greedy, a small top_p keeps about one token, a fixed seed
 * repeats the text. So k fresh samples of one request carrying every member's narrow setting that all differ
 * and diverge at once (every one of k distinct, prefix share < 0.2) show that none of them is honoured: the
 * reading each member's own probe takes as "ignored, decisive" (spread.ts, seed.ts), from k requests instead
 * of k per member. Any other outcome (a repeat, a refusal, no answer) settles nothing for the group, and
 * each member then runs its own probe, as without the group: it costs k requests, never a verdict.
 * The temperature in the request is the temperature member's narrow 0, or else the seed probe's 1.5.
 */
import type { AnyCase, CaseIO, Observation, SampledGroup, SamplingGroupHandle } from '../cases/types.js';
import { fromSignals, protocol } from '../cases/evidence.js';
import type { FieldRow } from '../spec/profile.types.js';
import { requestProbeFields } from './values.js';
import { sampleCount, HIGH_TEMPERATURE } from './samples.js';
import { sendFields } from './send.js';
import { firstContent } from './completion.js';
import { isDryRunExchange } from '../transport/sched-dryrun.js';
import { distinctCount, prefixShare } from './text.js';
import { EARLY_DIVERGENCE } from './flaky.js';

/** Statuses that declare a control not honoured. */
const NOT_HONOURED: ReadonlySet<string> = new Set(['ignored', 'stripped', 'unsupported']);

/** The narrow setting each member's own probe samples (top-p.ts, temperature.ts, seed.ts). */
function narrowSetting(key: string, row: FieldRow): Record<string, unknown> | undefined {
  const value = requestProbeFields(key, row)?.[key];
  if (key === 'temperature') return { temperature: 0 };
  if (key === 'top_p') return typeof value === 'number' && value >= 0 && value < 1 ? { top_p: value } : undefined;
  if (key === 'seed') return value === undefined ? undefined : { seed: value };
  return undefined;
}

class SamplingGroup implements SamplingGroupHandle {
  private sampled?: Promise<SampledGroup>;

  constructor(
    readonly members: readonly string[],
    private readonly fields: Record<string, unknown>,
  ) {}

  sample(io: CaseIO): Promise<SampledGroup> {
    this.sampled ??= this.take(io);
    return this.sampled;
  }

  private async take(io: CaseIO): Promise<SampledGroup> {
    const k = sampleCount(io);
    const purpose = `${this.members[0]} group of ${this.members.length} (${this.members.map((m) => m.replace(/^request\./, '')).join(', ')})`;
    const answers = await Promise.all(Array.from({ length: k }, () => sendFields(io, this.fields, purpose, { fresh: true })));
    const base = { fields: this.fields, sentBy: this.members[0], members: this.members.length, samples: k };
    // A dry run plans the group's samples; the members then plan none of their own (nothing was answered).
    if (answers.some((a) => a.ex && isDryRunExchange(a.ex))) return { ...base, settled: false, dryRun: true };
    if (answers.some((a) => !a.ok)) return { ...base, settled: false };
    const texts = answers.map((a) => (a.ok ? firstContent(a.view) : ''));
    const settled = distinctCount(texts) === k && prefixShare(texts) < EARLY_DIVERGENCE;
    return { ...base, settled, distinct: distinctCount(texts), prefixShare: prefixShare(texts) };
  }
}

/** The run's sampling group, by case id (none when fewer than two controls are declared not honoured). */
export function planSamplingGroup(cases: readonly AnyCase[]): Map<string, SamplingGroupHandle> {
  const members: string[] = [];
  const fields: Record<string, unknown> = {};
  for (const c of cases) {
    if (c.area !== 'request' || !['temperature', 'top_p', 'seed'].includes(c.subject)) continue;
    const row = c.row as FieldRow | undefined;
    const narrow = row && NOT_HONOURED.has(row.status) ? narrowSetting(c.subject, row) : undefined;
    if (!narrow) continue;
    members.push(c.id);
    Object.assign(fields, narrow);
  }
  if (members.length < 2) return new Map();
  if (!('temperature' in fields)) fields.temperature = HIGH_TEMPERATURE;
  const group = new SamplingGroup(members, fields);
  return new Map(members.map((id) => [id, group]));
}

/**
 * The member's observation when the group settled it (ignored, decisive: every one of k fresh samples
 * differed, read exactly), or undefined when the member must sample on its own. `evidence` shapes the
 * numbers as the member's own probe records them.
 */
export async function ignoredInSamplingGroup(io: CaseIO, id: string, evidence: (s: SampledGroup) => Record<string, unknown>): Promise<Observation | undefined> {
  const group = io.samplingGroup?.(id);
  if (!group) return undefined;
  const s = await group.sample(io);
  if (s.dryRun)
    return {
      observed: 'not sent',
      evidence: {},
      verdict: 'skip',
      note: 'dry run: the group of sampling controls was planned, not sent',
    };
  if (!s.settled) return undefined;
  const carried = Object.entries(s.fields)
    .map(([k, v]) => `${k} ${JSON.stringify(v)}`)
    .join(', ');
  return fromSignals({
    observed: 'ignored',
    evidence: { ...evidence(s), group: s.members, group_fields: s.fields, ...(s.sentBy === id ? {} : { sampled_by: s.sentBy }) },
    signals: [protocol(`distinct texts over fresh samples (${carried})`, s.distinct)],
    note: `sampled in a group of ${s.members} controls declared not honoured: ${s.samples} samples carrying ${carried} gave ${s.distinct} different texts, diverging at once (prefix share ${s.prefixShare}), so none of them is honoured`,
  });
}
