/**
 * Joining the results of a sharded run (`--shard 1/3`, `2/3`, `3/3`) into the document one unsharded
 * run would have written: cases sorted by id and deduplicated, the summary recomputed from them (so it
 * can never disagree with the cases), request counts summed, exchanges concatenated and deduplicated,
 * the earliest start and the latest finish, and no `shard` field.
 *
 * Refused, with a message saying which shard differs: shards of different targets (profile, model,
 * base URL, emulator fault), of different tool versions (their case sets may differ, so the union
 * would describe no real run), or of different shard counts (1/2 with 1/3).
 *
 * Two details a plain concatenation gets wrong:
 * - Exchange ids are only unique within one process. When two shards use the same id for different
 *   exchanges, the later shard's exchange is renamed `s<k>:<id>` and its cases' references follow.
 * - A case present in two shards with different results keeps the most severe verdict
 *   (fail > inconclusive > pass > skip), so merging can never hide a failure.
 */
import { dirname } from 'node:path';
import { makeDir } from '../fs/make-dir.js';
import { writeFile } from 'node:fs/promises';
import type { CaseResult, ExchangeRecord, Results, Verdict } from '../results/results.types.js';
import { summarize } from './areas.js';
import { EXIT_OK, inputError, outputError, parseCommandArgs, processIO, usageError, type CommandIO } from './command.js';
import { readResultsFile } from './load.js';

export class MergeError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'MergeError';
  }
}

const SEVERITY: Record<Verdict, number> = { fail: 3, inconclusive: 2, pass: 1, skip: 0 };

function describeShard(r: Results, i: number): string {
  return r.shard ? `shard ${r.shard} (input ${i + 1})` : `input ${i + 1}`;
}

function checkSameRun(shards: Results[]): void {
  const first = shards[0]!;
  const allEmulated = shards.every((s) => s.target.emulator);
  shards.forEach((s, i) => {
    if (i === 0) return;
    const a = first.target;
    const b = s.target;
    const differences: string[] = [];
    if (a.profile !== b.profile) differences.push(`profile ${a.profile} vs ${b.profile}`);
    if (a.model !== b.model) differences.push(`model ${a.model} vs ${b.model}`);
    if ((a.fault ?? '') !== (b.fault ?? '')) differences.push(`emulator fault ${a.fault ?? 'none'} vs ${b.fault ?? 'none'}`);
    if (Boolean(a.emulator) !== Boolean(b.emulator)) differences.push('emulator vs network target');
    // Each emulated shard starts its own emulator on a fresh loopback port, so only real base URLs must agree.
    else if (!allEmulated && a.baseUrl !== b.baseUrl) differences.push(`baseUrl ${a.baseUrl} vs ${b.baseUrl}`);
    if (differences.length) {
      throw new MergeError(
        `cannot merge results of different targets: ${describeShard(s, i)} differs from ${describeShard(first, 0)} (${differences.join('; ')})`,
      );
    }
    if (s.tool.version !== first.tool.version) {
      throw new MergeError(
        `cannot merge results of different tool versions: ${describeShard(s, i)} is oai-compat ${s.tool.version}, ${describeShard(first, 0)} is ${first.tool.version}`,
      );
    }
  });
  const totals = new Set(shards.filter((s) => s.shard).map((s) => s.shard!.split('/')[1]));
  if (totals.size > 1) {
    throw new MergeError(`cannot merge shards of different splits: ${shards.map((s) => s.shard ?? 'unsharded').join(', ')}`);
  }
}

/** Shards named in the inputs' `k/n` fields that none of the inputs is ("2/3"), for a completeness check. */
export function missingShards(shards: Results[]): string[] {
  const declared = shards.filter((s) => s.shard).map((s) => s.shard!.split('/').map(Number) as [number, number]);
  if (declared.length === 0) return [];
  const total = declared[0]![1];
  const have = new Set(declared.map(([k]) => k));
  const missing: string[] = [];
  for (let k = 1; k <= total; k++) if (!have.has(k)) missing.push(`${k}/${total}`);
  return missing;
}

function sameJson(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

export function mergeResults(shards: Results[]): Results {
  if (shards.length === 0) throw new MergeError('nothing to merge: no results given');
  checkSameRun(shards);

  const exchanges = new Map<string, ExchangeRecord>();
  const cases = new Map<string, CaseResult>();

  shards.forEach((shard, i) => {
    // Exchanges first, so a renamed id can be rewritten in this shard's cases.
    const renamed = new Map<string, string>();
    for (const x of shard.exchanges ?? []) {
      const existing = exchanges.get(x.id);
      if (!existing) exchanges.set(x.id, x);
      else if (!sameJson(existing, x)) {
        let id = `s${i + 1}:${x.id}`;
        for (let n = 2; exchanges.has(id) && !sameJson(exchanges.get(id), { ...x, id }); n++) id = `s${i + 1}.${n}:${x.id}`;
        renamed.set(x.id, id);
        exchanges.set(id, { ...x, id });
      }
    }
    for (const original of shard.cases) {
      const c =
        renamed.size && original.exchanges?.some((id) => renamed.has(id))
          ? { ...original, exchanges: original.exchanges.map((id) => renamed.get(id) ?? id) }
          : original;
      const kept = cases.get(c.id);
      if (!kept || SEVERITY[c.verdict] > SEVERITY[kept.verdict]) cases.set(c.id, c);
    }
  });

  const mergedCases = [...cases.values()].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));

  const requests: Results['requests'] = { sent: 0 };
  for (const s of shards) {
    // Counts add up; pacing is not a count (below).
    for (const [key, value] of Object.entries(s.requests) as Array<[Exclude<keyof Results['requests'], 'pacing' | 'pacingByShard'>, unknown]>) {
      if (typeof value === 'number') requests[key] = (requests[key] ?? 0) + value;
    }
  }
  Object.assign(requests, mergedPacing(shards));

  const earliest = shards.reduce((a, b) => (Date.parse(b.startedAt) < Date.parse(a.startedAt) ? b : a)).startedAt;
  const latest = shards.reduce((a, b) => (Date.parse(b.finishedAt) > Date.parse(a.finishedAt) ? b : a)).finishedAt;

  // Start from the first shard so fields added to v1 later (additive changes) survive a merge.
  const { shard: _dropped, ...first } = shards[0]!;
  const merged: Results = {
    ...first,
    target: { ...first.target, label: shards.find((s) => s.target.label)?.target.label },
    startedAt: earliest,
    finishedAt: latest,
    requests,
    summary: summarize(mergedCases),
    cases: mergedCases,
  };
  if (merged.target.label === undefined) delete merged.target.label;
  if (shards.some((s) => s.replayed !== undefined)) merged.replayed = shards.some((s) => s.replayed);
  if (shards.some((s) => s.exchanges)) merged.exchanges = [...exchanges.values()];
  else delete merged.exchanges;
  return merged;
}

/**
 * Each shard paced (and learned) on its own, so the merge keeps every shard's pacing as it was
 * (`pacingByShard`, the shards' own when they are merges themselves); `pacing` only when all of them
 * agree (same rate, same way), the rule the results schema states.
 */
function mergedPacing(shards: Results[]): Pick<Results['requests'], 'pacing' | 'pacingByShard'> {
  const byShard = shards.flatMap(
    (s, i) =>
      s.requests.pacingByShard ??
      (s.requests.pacing
        ? [{ shard: s.shard ?? `file ${i + 1}`, pacing: s.requests.pacing, ...(s.requests.rateLimited ? { rateLimited: s.requests.rateLimited } : {}) }]
        : []),
  );
  if (!byShard.length) return {};
  const first = byShard[0]!.pacing;
  const agree = shards.every((s) => s.requests.pacing) && byShard.every((s) => s.pacing.source === first.source && s.pacing.perMinute === first.perMinute);
  return { pacingByShard: byShard, ...(agree ? { pacing: first } : {}) };
}

export const MERGE_USAGE = `Usage: oai-compat merge SHARD.json... [--out results.json] [--reports] [--allow-partial]

Join the results of a sharded run into one results.json equal to an unsharded run's.
Shards must come from the same target, profile, model and tool version.

Options:
  --out FILE       write the merged results here (default: print to stdout)
  --reports        also write report.md and report.html next to --out (and the
                   GitHub step summary when $GITHUB_STEP_SUMMARY is set)
  --allow-partial  merge even when some shards of the split are missing
  -h, --help       show this help

Exit status: 0 merged, 2 usage error, unreadable/invalid file, or shards that do not belong together.`;

export async function mergeCommand(argv: string[], io: CommandIO = processIO): Promise<number> {
  const parsed = parseCommandArgs(
    argv,
    { out: { type: 'string', short: 'o' }, reports: { type: 'boolean' }, 'allow-partial': { type: 'boolean' } },
    MERGE_USAGE,
    io,
  );
  if (typeof parsed === 'number') return parsed;
  const { positionals, values } = parsed;
  if (positionals.length === 0) return usageError('merge needs at least one results file', MERGE_USAGE, io);
  const out = values.out as string | undefined;
  if (values.reports && !out) return usageError('--reports needs --out (the reports are written next to it)', MERGE_USAGE, io);

  let merged: Results;
  try {
    const shards = await Promise.all(positionals.map((f) => readResultsFile(f)));
    const missing = missingShards(shards);
    if (missing.length && !values['allow-partial']) {
      return inputError(`missing shard${missing.length === 1 ? '' : 's'} ${missing.join(', ')} (pass --allow-partial to merge anyway)`, io);
    }
    merged = mergeResults(shards);
  } catch (err) {
    return inputError((err as Error).message, io);
  }

  const text = `${JSON.stringify(merged, null, 2)}\n`;
  if (!out) {
    io.stdout(text);
    return EXIT_OK;
  }
  try {
    makeDir(dirname(out));
    await writeFile(out, text, 'utf8');
    // The report writers (xmlbuilder2, Allure's SDK) are loaded only when reports are asked for; the
    // matrix, which merges shards too, never loads them.
    if (values.reports) await (await import('./write.js')).writeReports(dirname(out), merged, { allure: true });
  } catch (err) {
    return outputError(err, io);
  }
  io.stderr(`merged ${positionals.length} file${positionals.length === 1 ? '' : 's'}: ${merged.cases.length} cases → ${out}\n`);
  return EXIT_OK;
}
