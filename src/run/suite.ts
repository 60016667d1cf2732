/**
 * The bridge between cases and vitest: each suite file in suites/ registers one test per case of its
 * area. A test's verdict becomes vitest's (fail → failed test, skip/inconclusive → skipped with the
 * reason) and the full CaseResult travels to the reporter in the test's meta.
 */
import { describe, test, inject } from 'vitest';
import * as allure from 'allure-js-commons';
import type { Area } from '../cases/types.js';
import type { CaseResult, ExchangeRecord } from '../results/results.types.js';
import { RunContext, type RequestStats } from './context.js';
import { parseProvidedConfig, RUN_CONFIG_KEY } from './config.js';
import { runFor } from './open-runs.js';
import { reclaim } from './reclaim.js';
import { registerSecretHeaders, registerUrlSecrets } from '../transport/redact.js';
import type { StopReason } from '../transport/sched-guard.js';
import type { LearnedRate } from '../transport/sched-adaptive.js';

declare module 'vitest' {
  interface TaskMeta {
    oaiCase?: CaseResult;
    oaiExchanges?: ExchangeRecord[];
    oaiStats?: RequestStats;
    oaiStop?: StopReason;
    oaiPacing?: LearnedRate;
  }
}

/**
 * One RunContext per run, shared by every suite file (the suites run in one runner, not isolated). The
 * CLI closes it once vitest is done (run/open-runs.ts): the transport is not closed per file.
 */
export function getRun(): Promise<RunContext> {
  // In memory, from this run's CLI: no file another run could overwrite. Checked once per run.
  const provided: unknown = inject(RUN_CONFIG_KEY);
  const key = (provided as { controlChannel?: unknown } | undefined)?.controlChannel;
  return runFor(typeof key === 'string' ? key : '', async () => {
    // What loading vite, vitest and the suites left is garbage before the first case: collected once,
    // so the heap the cases grow starts from live data only (~3 MB of a full run's peak, bench/memory.mjs).
    reclaim();
    const config = parseProvidedConfig(provided);
    // The same secrets as the CLI registered, before any check reads an answer.
    registerSecretHeaders(config.headers);
    registerUrlSecrets(config.baseUrl);
    // Real targets are paced at their declared rate limit; the emulator enforces none unless asked.
    return RunContext.create({ config, apiKey: process.env[config.apiKeyEnv] || undefined, paceAtDeclaredLimit: !config.emulator });
  });
}

/**
 * A conformance failure: an assertion about the target that did not hold. Its name says "assertion"
 * because that is how test reporters tell a failed check from a test that errored: allure-vitest
 * (allure-js-commons' getStatusFromError) reports an error whose name matches /assert/ as "failed" and
 * any other as "broken", Allure's category for a test that crashed.
 */
export class CaseFailure extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConformanceAssertionError';
    this.stack = `${this.name}: ${message}`;
  }
}

export async function defineAreaSuite(area: Area): Promise<void> {
  const ctx = await getRun();
  const cases = ctx.cases.filter((c) => c.area === area);
  // Nested describes name the Allure suites (allure-vitest derives parentSuite/suite from them): the
  // target's profile, then the area; each test is one case id.
  describe(ctx.profile.profile, () => describeArea(area, cases, ctx));
}

function describeArea(area: Area, cases: RunContext['cases'], ctx: RunContext): void {
  describe(area, () => {
    if (!cases.length) {
      test.skip(`no ${area} cases selected`, () => {});
      return;
    }
    for (const c of cases) {
      test.concurrent(c.id, async ({ task, skip }) => {
        const { result, exchanges } = await ctx.execute(c);
        task.meta.oaiCase = result;
        task.meta.oaiExchanges = exchanges;
        task.meta.oaiStats = { ...ctx.stats };
        task.meta.oaiPacing = ctx.pacing;
        if (ctx.stopped) task.meta.oaiStop = ctx.stopped;
        await attachToAllure(result, exchanges, ctx.profile.profile);
        if (result.verdict === 'fail') throw new CaseFailure(`${result.message} [declared ${result.declared}; observed ${result.observed}]`);
        if (result.verdict === 'skip' || result.verdict === 'inconclusive') skip(`${result.verdict}: ${result.message}`);
      });
    }
  });
}

/** Allure: labels to group by, and the (already redacted) evidence and exchanges as attachments. */
async function attachToAllure(result: CaseResult, exchanges: ExchangeRecord[], profile: string): Promise<void> {
  await allure.epic(profile);
  await allure.feature(result.area);
  await allure.story(result.subject);
  await allure.tag(result.verdict); // "inconclusive" stays visible: vitest only knows skipped
  await allure.parameter('declared', result.declared);
  await allure.parameter('observed', result.observed);
  await allure.parameter('confidence', result.confidence);
  if (result.source) await allure.link(result.sourceUrl ?? result.source, result.source);
  await allure.attachment(
    'evidence.json',
    JSON.stringify({ message: result.message, evidence: result.evidence, parity: result.parity }, null, 2),
    'application/json',
  );
  if (exchanges.length) await allure.attachment('exchanges.json', JSON.stringify(exchanges, null, 2), 'application/json');
}
