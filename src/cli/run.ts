/**
 * `oai-compat run`: load the profile, start the embedded emulator when no --base-url is given, run the
 * conformance suites under vitest, and write results.json, report.md, report.html and junit.xml.
 */
import { writeFile } from 'node:fs/promises';
import { resolve, join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { connect } from 'node:net';
import { Writable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { RUN_USAGE, parseRunFlags } from './run-flags.js';
import { intFlag, headerFlags, headerEnvFlags, urlFlag, UsageError } from './args.js';
import { loadProfile, parseAndValidate } from '../spec/load.js';
import { loadProfileRef } from './profile-ref.js';
import type { RunningEmulator } from '../emulator/server.js';
import { RUN_CONFIG_KEY, RunConfigSchema, type RunConfig } from '../run/config.js';
import { CaseCollector } from '../run/reporter.js';
import { progressLine } from './progress.js';
import { expandCases, matchesOnly } from '../cases/index.js';
import { registerSecret, registerSecretHeaders, registerUrlSecrets } from '../transport/redact.js';
import { reserveStdoutForJson, safeForWriters, say, sayError, sayJson, sweepOutputFolder } from './output.js';
import { dryRunJson, runSummaryJson } from './run-json.js';
import { lockOutDir, OutInUse } from './out-lock.js';
import type { Results, CaseResult } from '../results/results.types.js';
import { writeReports } from '../report/write.js';
import { countsText, summarizeParity, VERDICT_LEGEND } from '../report/areas.js';
import { noticesOf } from '../report/warnings.js';
import { diffResults, formatDiff } from '../report/diff.js';
import { readResultsFile } from '../report/load.js';
import { TOOL_VERSION } from './version.js';
import { EXIT, InputError } from './exit.js';
import { checkOutDir, checkRecordFile, checkReplayFile, clearEarlierRun, parseDuration } from './run-inputs.js';
import { RunStopper } from './run-stop.js';
import { settleAfterStop } from '../run/stop-verdicts.js';
import type { AnyCase } from '../cases/types.js';
import { pacingText } from '../report/pacing.js';

const PACKAGE_ROOT = fileURLToPath(new URL('../../', import.meta.url));
const EMULATOR_KEY_ENV = 'OAI_COMPAT_EMULATOR_KEY';

export async function runCommand(argv: string[]): Promise<number> {
  const usage = RUN_USAGE;
  const { values } = parseRunFlags(argv);
  if (values.json) reserveStdoutForJson();
  const baseUrl = urlFlag(values['base-url'], 'base-url', usage);
  const apiKeyEnv = values['api-key-env'] ?? 'OAI_COMPAT_API_KEY';
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(apiKeyEnv)) throw new UsageError(`--api-key-env takes an environment variable name, got "${apiKeyEnv}"`, usage);
  if (values.fault && baseUrl) throw new UsageError('--fault applies to the built-in emulator only; drop --base-url', usage);
  if (values.fault && !(await import('../emulator/faults/index.js')).findFault(values.fault))
    throw new UsageError(`unknown fault "${values.fault}" (see oai-compat serve --list-faults)`, usage);
  const headers = { ...headerFlags(values.header, usage), ...headerEnvFlags(values['header-env'], usage) };
  // Secret header values and secrets in the base URL are masked everywhere, like the API key.
  registerSecretHeaders(headers);
  if (baseUrl) registerUrlSecrets(baseUrl);
  const concurrency = intFlag(values.concurrency, 'concurrency', usage, 1, 64) ?? 4;
  const timeoutMs = intFlag(values['timeout-ms'], 'timeout-ms', usage, 100, 3_600_000) ?? 120_000;
  const samples = intFlag(values.samples, 'samples', usage, 2, 50) ?? 5;
  const rpm = intFlag(values.rpm, 'rpm', usage, 1, 1_000_000);
  if (rpm && values.rate) throw new UsageError('--rpm and --rate exclude each other', usage);
  const rate = rpm ? { requests: rpm, windowMs: 60_000 } : values.rate ? rateFlag(values.rate, usage) : undefined;
  const maxRequests = intFlag(values['max-requests'], 'max-requests', usage, 0, 10_000_000);
  // Unset: the scheduler's default (3; more for a 429 while an unknown limit is being learned).
  const retries = intFlag(values.retries, 'retries', usage, 0, 10);
  const maxRetryAfterMs = durationFlag(values['max-retry-after'], 'max-retry-after', usage, 0) ?? 60_000;
  const deadlineMs = durationFlag(values.deadline, 'deadline', usage, 1000);
  const dryRun = Boolean(values['dry-run']);
  if (values.record && values.replay) throw new UsageError('--record and --replay exclude each other', usage);
  if (values.replay && values.fault) throw new UsageError('--fault applies to a live emulator, not to a replay', usage);
  const replayFile = values.replay ? resolve(values.replay) : undefined;
  if (replayFile) await checkReplayFile(replayFile);
  const shard = values.shard;
  if (shard !== undefined) {
    // n is bounded: a shard is a slice of the suite files, and vitest cannot take a 20-digit count.
    const m = /^(\d{1,4})\/(\d{1,4})$/.exec(shard);
    if (!m || Number(m[1]) < 1 || Number(m[1]) > Number(m[2])) throw new UsageError(`--shard takes i/n with 1 <= i <= n <= 9999, got "${shard}"`, usage);
  }

  const loaded = await loadProfileRef(values.profile ?? 'openai');
  const profile = loaded.profile;
  const model = values.model ?? profile.target?.defaultModel;
  if (!model) throw new UsageError(`the profile "${profile.profile}" has no target.defaultModel: pass --model`, usage);
  // A real target needs the provider's own model: a default inherited from the parent profile (OpenAI's
  // gpt-4o-mini for FlexAI) would only test how the provider refuses a model it does not serve.
  if (baseUrl && !values.model && !parseAndValidate(loaded.files[0]).profile.target?.defaultModel) {
    throw new UsageError(`the profile "${profile.profile}" names no model of its own (its default, ${model}, is inherited): pass --model`, usage);
  }
  let baseline: Results | undefined;
  if (values.baseline) {
    try {
      baseline = await readResultsFile(values.baseline);
    } catch (e) {
      throw new UsageError(`--baseline ${(e as Error).message}`, usage);
    }
  }
  // Refuse what would only fail later, before anything is started or sent.
  const reference = loadProfile('openai').profile;
  const selectedCases = expandCases(profile, reference).filter((c) => matchesOnly(c.id, values.only));
  const selected = selectedCases.length;
  if (!selected) throw new UsageError(`--only "${values.only}" matches no case of the profile "${profile.profile}"`, usage);
  const outShown = values.out ?? join('reports', profile.profile);
  const outDir = resolve(outShown);
  if (!dryRun) checkOutDir(outDir);
  if (values.record) checkRecordFile(resolve(values.record));
  // One run per output folder: a second one into it is refused, exit 2, nothing sent. (Released in the
  // finally below, or when the process exits, whichever comes first.)
  let outLock;
  try {
    outLock = dryRun ? undefined : lockOutDir(outDir, outShown);
  } catch (e) {
    if (!(e instanceof OutInUse)) throw new InputError(`--out ${outDir}: cannot write (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
    throw new InputError(e.message);
  }

  let emulator: RunningEmulator | undefined;
  let keyEnv = apiKeyEnv;
  const offline = dryRun || Boolean(replayFile);
  if (!baseUrl && !offline) {
    const key = `sk-emulator-${randomBytes(18).toString('hex')}`;
    process.env[EMULATOR_KEY_ENV] = key;
    keyEnv = EMULATOR_KEY_ENV;
    // Loaded only when used: a run against a real target (or a dry run) never loads the emulator.
    const { startEmulator } = await import('../emulator/server.js');
    emulator = await startEmulator({ profile, apiKey: key, fault: values.fault });
  } else if (!offline && !process.env[apiKeyEnv]) {
    sayError(`note: $${apiKeyEnv} is not set: requests are sent without credentials`);
  }
  registerSecret(process.env[keyEnv]);
  // Offline runs send nothing: the URL only names the target in the results.
  const target = baseUrl ?? emulator?.baseUrl ?? `http://emulator.invalid${profile.target?.basePath ?? ''}`;

  try {
    const reach = offline ? undefined : await reachable(target);
    if (reach) {
      sayError(`cannot reach ${new URL(target).origin}: ${reach}`);
      return 3;
    }
    const config: RunConfig = RunConfigSchema.parse({
      profile: loaded.files[0],
      // Validated above: the worker does not load (and validate) them again.
      loaded: { profile, reference },
      baseUrl: target,
      model,
      apiKeyEnv: keyEnv,
      headers,
      outDir,
      only: values.only,
      concurrency,
      timeoutMs,
      samples,
      emulator: Boolean(emulator) || (!baseUrl && offline),
      fault: values.fault,
      label: values.label,
      shard,
      rate,
      maxRequests,
      retries,
      dryRun,
      record: values.record ? resolve(values.record) : undefined,
      replay: replayFile,
      maxRetryAfterMs,
      deadlineAt: deadlineMs === undefined ? undefined : Date.now() + deadlineMs,
      controlChannel: `oai-compat-run-${randomBytes(8).toString('hex')}`,
    });
    if (dryRun) return await printDryRun(config, Boolean(values.json));
    // Nothing an earlier run wrote may pass for this run's (allure-results would accumulate across runs).
    clearEarlierRun(outDir);

    const startedAt = new Date();
    const showProgress = !values.quiet && !values.verbose && Boolean(process.stderr.isTTY) && !process.env.CI;
    const collector = new CaseCollector(showProgress ? progressLine() : undefined, shard ? undefined : selected);
    const stopper = new RunStopper(config.controlChannel!, config.deadlineAt);
    // The suites run in this thread (run/in-thread-pool.ts): no second isolate loads vitest's runtime and the harness again.
    const pool = (await import('../run/in-thread-pool.js')).inThreadPool();
    let vitest;
    try {
      const { startVitest } = await import('vitest/node');
      vitest = await startVitest(
        'test',
        [],
        {
          config: join(PACKAGE_ROOT, 'suites/vitest.config.ts'),
          root: PACKAGE_ROOT,
          // Bundled by rolldown (vite's default), not run by vite's module runner: on Node 20 the runner's
          // import.meta registers module hooks, which start a loader thread for the whole run (measured
          // ~5-10 MB more peak; a plain-JS config loaded natively measured ~8 MB more).
          configLoader: 'bundle',
          pool: pool.initializer,
          watch: false,
          maxConcurrency: concurrency,
          shard,
          // The configuration travels in memory to this run's suites (secret headers included): no file.
          provide: { [RUN_CONFIG_KEY]: config },
          reporters: [
            stopper.reporter(),
            collector,
            ['allure-vitest/reporter', { resultsDir: join(outDir, 'allure-results') }],
            ...(values.verbose ? ['default' as const] : []),
          ],
        },
        { resolve: { alias: ownVitest() } },
        {
          // stdout is the run's own (its summary, or --json's one document): vitest's lines (a reporter's
          // "report written to", the cursor codes of its terminal logger) never reach it. --verbose shows
          // them, on stderr.
          stdout: values.verbose ? process.stderr : discard(),
        },
      );
      await vitest.close();
    } catch (e) {
      collector.errors.push(`vitest: ${(e as Error).message}`);
    } finally {
      stopper.dispose();
      pool.dispose();
      collector.errors.push(...pool.errors);
      // The suites' context (its sockets, its stop listener, its --record cassette) lives in this thread:
      // it ends with its run. A cassette that could not be written is the harness's failure, reported
      // with the results, which are written all the same.
      try {
        await (await import('../run/open-runs.js')).closeRun(config.controlChannel!);
      } catch (e) {
        const why = (e as NodeJS.ErrnoException).code ?? (e as Error).message;
        collector.errors.push(config.record ? `--record ${config.record}: cannot write (${why})` : `closing the run: ${why}`);
      }
      // What vitest and vite held is garbage now: collected before the results are built and written,
      // the heap is not grown past it.
      (await import('../run/reclaim.js')).reclaim();
    }
    if (showProgress) process.stderr.write('\r\x1b[K');
    process.exitCode = 0; // vitest sets it on failed tests; the run decides its own exit code below

    const stop = stopper.signal
      ? { kind: 'interrupted' as const, message: `not reached: the run was interrupted (${stopper.signal})` }
      : // A worker that ran cases reports its own stop; one cancelled before any case (the deadline passed while vitest was starting) cannot.
        (collector.stop ?? (collector.cases.length ? undefined : stopper.deadline));
    // The cases vitest never reported (cancelled, or in suite files a stop kept from running) are not
    // dropped: they are inconclusive, named, so a stopped run still accounts for every selected case.
    const expected = shard ? selectedCases.filter((c) => collector.collected.has(c.id)) : selectedCases;
    if (stop || collector.errors.length) addNotReached(collector, expected, stop?.message ?? 'not reached: the harness failed before this case ran');
    if (stop?.kind === 'unresponsive') settleAfterStop(collector.cases, collector.exchanges, stop);
    const assembled = assemble(config, profile.profile, collector, startedAt, new Date());
    if (stopper.signal) assembled.interrupted = true;
    if (stop) assembled.stopped = stop;
    // Every writer gets the redacted results (junit.xml included); the sweep then covers what vitest's reporters wrote.
    const results = safeForWriters(assembled);
    await writeFile(join(outDir, 'results.json'), JSON.stringify(results, null, 2));
    await writeReports(outDir, results);
    await sweepOutputFolder(outDir);
    printSummary(results, outDir);
    for (const e of distinctErrors(collector.errors)) sayError(`harness error: ${e}`);
    const diff = baseline ? diffResults(baseline, results) : undefined;

    const code = ((): number => {
      if (stopper.signal) {
        sayError(`interrupted (${stopper.signal}): results written with the cases not reached as inconclusive`);
        return stopper.signal === 'SIGINT' ? EXIT.sigint : EXIT.sigterm;
      }
      if (collector.errors.length) {
        sayError('the harness itself failed (see the harness errors above): the results are not a conformance verdict');
        return EXIT.harness;
      }
      if (stop?.kind === 'unresponsive') {
        sayError(`${stop.message}: ${target}`);
        return EXIT.untestable;
      }
      if (stop?.kind === 'deadline')
        sayError(`deadline reached: ${results.cases.filter((c) => c.message === stop.message).length} cases not reached (inconclusive)`);
      if (!results.cases.length) {
        sayError('the harness ran no case (an internal error)');
        return EXIT.harness;
      }
      if (refusedEverything(results)) {
        sayError(`the target answered no request usefully (every request was refused or failed): ${target}`);
        return EXIT.untestable;
      }
      if (diff) {
        say(formatDiff(diff));
        return diff.regressions.length ? 1 : 0;
      }
      return results.summary.fail ? 1 : 0;
    })();
    if (values.json) sayJson(runSummaryJson(results, outDir, code, diff));
    return code;
  } finally {
    await emulator?.close();
    outLock?.release();
  }
}

function durationFlag(value: string | undefined, name: string, usage: string, minMs: number): number | undefined {
  if (value === undefined) return undefined;
  const ms = parseDuration(value);
  if (ms === undefined || ms < minMs || ms > 7 * 86_400_000)
    throw new UsageError(`--${name} takes a duration such as 90s, 5m or 1h (at least ${minMs} ms), got "${value}"`, usage);
  return ms;
}

/** The same failure met by every suite file is printed once, with the number of files. */
function distinctErrors(errors: string[]): string[] {
  const byMessage = new Map<string, number>();
  for (const e of errors) {
    const message = e.replace(/^suites\/[\w.-]+\.test\.ts: /, '');
    byMessage.set(message, (byMessage.get(message) ?? 0) + 1);
  }
  return [...byMessage].map(([m, n]) => (n > 1 ? `${m} (in ${n} suite files)` : m));
}

/** Every expected case the collector has no result for becomes inconclusive with the stop's reason. */
function addNotReached(collector: CaseCollector, expected: AnyCase[], message: string): void {
  const have = new Set(collector.cases.map((c) => c.id));
  for (const c of expected) {
    if (have.has(c.id)) continue;
    collector.cases.push({
      id: c.id,
      area: c.area,
      subject: c.subject,
      declared: c.describe(c.row),
      observed: 'not observed',
      verdict: 'inconclusive',
      confidence: 'unobservable',
      source: c.source,
      sourceUrl: null,
      message,
      evidence: {},
      requests: 0,
      exchanges: [],
      durationMs: 0,
    });
  }
}

/** `25/5s` → 25 requests per 5000 ms (units ms, s, m). */
function rateFlag(value: string, usage: string): { requests: number; windowMs: number } {
  const m = /^(\d+)\/(\d+(?:\.\d+)?)(ms|s|m)$/.exec(value);
  const unit = m ? { ms: 1, s: 1000, m: 60_000 }[m[3] as 'ms' | 's' | 'm'] : 0;
  const windowMs = m ? Math.round(Number(m[2]) * unit) : 0;
  if (!m || Number(m[1]) < 1 || windowMs < 1) throw new UsageError(`--rate takes N/WINDOW such as 10/1s or 300/1m, got "${value}"`, usage);
  return { requests: Number(m[1]), windowMs };
}

/** --dry-run: the cases run in-process against a scheduler that sends nothing; the plan is printed. */
async function printDryRun(config: RunConfig, json: boolean): Promise<number> {
  const [{ RunContext }, { executeAll }, { formatDryRun }] = await Promise.all([
    import('../run/context.js'),
    import('../run/execute-all.js'),
    import('../transport/sched-dryrun.js'),
  ]);
  const ctx = await RunContext.create({ config });
  await executeAll(ctx, config.concurrency);
  const s = ctx.stats;
  if (json) sayJson(dryRunJson(ctx.planned(), s.shared, config.maxRequests));
  else say(formatDryRun(ctx.planned(), { shared: s.shared, maxRequests: config.maxRequests }));
  say('(a probe that sends a follow-up only after reading an answer lists its first request only)');
  return 0;
}

function assemble(config: RunConfig, profileId: string, c: CaseCollector, startedAt: Date, finishedAt: Date): Results {
  const cases = [...c.cases].sort((a, b) => a.id.localeCompare(b.id));
  const summary = { pass: 0, fail: 0, skip: 0, inconclusive: 0 };
  for (const x of cases) summary[x.verdict]++;
  const used = new Set(cases.flatMap((x) => x.exchanges ?? []));
  return {
    schema: 'oai-compat.results/v1',
    tool: { name: 'oai-compat', version: TOOL_VERSION, node: process.version, platform: `${process.platform}-${process.arch}` },
    target: {
      baseUrl: config.baseUrl,
      profile: profileId,
      model: config.model,
      emulator: config.emulator,
      ...(config.fault ? { fault: config.fault } : {}),
      ...(config.label ? { label: config.label } : {}),
    },
    ...(config.shard ? { shard: config.shard } : {}),
    ...(config.replay ? { replayed: true } : {}),
    startedAt: startedAt.toISOString(),
    finishedAt: finishedAt.toISOString(),
    requests: {
      sent: c.stats.sent,
      retried: c.stats.retried,
      shared: c.stats.shared,
      failed: c.stats.failed,
      rateLimited: c.stats.rateLimited,
      ...(c.pacing ? { pacing: c.pacing } : {}),
    },
    summary,
    cases,
    ...(noticesOf(cases).length ? { notices: noticesOf(cases) } : {}),
    exchanges: [...c.exchanges.values()].filter((x) => used.has(x.id)).sort((a, b) => a.id.localeCompare(b.id)),
  };
}

/** True when no exchange got a usable answer: all failed at the transport, or all were 401/403. */
function refusedEverything(r: Results): boolean {
  const ex = r.exchanges ?? [];
  if (!ex.length) return false;
  return ex.every((x) => !x.response || x.response.status === 401 || x.response.status === 403);
}

/**
 * vitest and @vitest/runner as oai-compat itself resolves them, whatever else is installed: beside a
 * project's own vitest 2 or 3, npm hoists allure-vitest next to that vitest, and its `import 'vitest'`
 * would bind to it instead of the vitest running the suites (no case could run). allure-vitest is inlined
 * by suites/vitest.config.ts (transformed by vitest, so these aliases apply to it). Resolved here, by
 * Node's own import.meta.resolve: in the config file, vite's transform of import.meta.resolve registers
 * module hooks, which start a loader thread of their own (a third isolate) for the whole run.
 */
function ownVitest(): Array<{ find: RegExp; replacement: string }> {
  const own = (specifier: string) => fileURLToPath(import.meta.resolve(specifier));
  return [
    { find: /^vitest$/, replacement: own('vitest') },
    { find: /^@vitest\/runner$/, replacement: own('@vitest/runner') },
  ];
}

/** A stream that drops what is written to it. */
function discard(): Writable {
  return new Writable({ write: (_chunk, _encoding, done) => done() });
}

function printSummary(r: Results, outDir: string): void {
  const s = r.summary;
  const failing: CaseResult[] = r.cases.filter((c) => c.verdict === 'fail');
  for (const c of failing) say(`FAIL ${c.id}: ${c.message}`, 'fail');
  const parity = summarizeParity(r.cases);
  const counts = (c: Results['summary']) => `${c.pass} passed, ${c.fail} failed, ${c.skip} skipped, ${c.inconclusive} inconclusive`;
  say(
    `${r.target.profile} @ ${r.target.baseUrl} (${r.target.model}): ${parity ? 'as documented ' : ''}${counts(s)}`,
    s.fail ? 'fail' : s.inconclusive ? 'warn' : 'pass',
  );
  if (parity) {
    // Counted as "N pass · N fail", not "N passed, N failed": a CI log reader takes that shape alone on a line for a test runner's total.
    say(`OpenAI parity of the same observations: ${countsText(parity)}`);
    say(VERDICT_LEGEND);
  }
  say(`requests: ${r.requests.sent} sent, ${r.requests.shared ?? 0} shared, ${r.requests.retried ?? 0} retried`);
  const pacing = pacingText(r.requests);
  if (pacing) say(`pacing: ${pacing}`);
  say(`report: ${join(outDir, 'report.md')} · ${join(outDir, 'report.html')} · ${join(outDir, 'results.json')}`);
}

/** A TCP connect to the target's host and port: reachability without spending a request. */
function reachable(url: string): Promise<string | undefined> {
  const u = new URL(url);
  const port = Number(u.port || (u.protocol === 'https:' ? 443 : 80));
  return new Promise((done) => {
    const socket = connect({ host: u.hostname.replace(/^\[|\]$/g, ''), port, timeout: 10_000 });
    socket.once('connect', () => {
      socket.destroy();
      done(undefined);
    });
    socket.once('timeout', () => {
      socket.destroy();
      done('connect timeout after 10 s');
    });
    socket.once('error', (e: NodeJS.ErrnoException) => done(e.code ?? e.message));
  });
}
