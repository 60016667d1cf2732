/**
 * The bridge between cases and vitest: each suite file in suites/ registers one test per case of its
 * area. A test's verdict becomes vitest's (fail → failed test, skip/inconclusive → skipped with the
 * reason) and the full CaseResult travels to the reporter in the test's meta.
 */
import { describe, test, inject } from 'vitest';
import type { Area } from '../cases/types.js';
import type { CaseResult, ExchangeRecord } from '../results/results.types.js';
import { RunContext, type RequestStats } from './context.js';
import { parseProvidedConfig, RUN_CONFIG_KEY } from './config.js';
import { registerSecretHeaders, registerUrlSecrets } from '../transport/redact.js';
import type { StopReason } from '../transport/sched-guard.js';

declare module 'vitest' {
  interface TaskMeta {
    oaiCase?: CaseResult;
    oaiExchanges?: ExchangeRecord[];
    oaiStats?: RequestStats;
    oaiStop?: StopReason;
  }
}

// The transport is not closed per file: the suites share it, and the worker ends with the run.
let run: Promise<RunContext> | undefined;

/** One RunContext per worker, shared by every suite file (the suites run in one worker, not isolated). */
export function getRun(): Promise<RunContext> {
  run ??= (async () => {
    // In memory, from this run's CLI process: no file another run could overwrite.
    const config = parseProvidedConfig(inject(RUN_CONFIG_KEY));
    // The same secrets as the CLI process registered: this worker masks them before any check reads them.
    registerSecretHeaders(config.headers);
    registerUrlSecrets(config.baseUrl);
    // Real targets are paced at their declared rate limit; the emulator enforces none unless asked.
    return RunContext.create({ config, apiKey: process.env[config.apiKeyEnv] || undefined, paceAtDeclaredLimit: !config.emulator });
  })();
  return run;
}

export class CaseFailure extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CaseFailure';
    this.stack = `${this.name}: ${message}`;
  }
}

export async function defineAreaSuite(area: Area): Promise<void> {
  const ctx = await getRun();
  const cases = ctx.cases.filter((c) => c.area === area);
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
        if (ctx.stopped) task.meta.oaiStop = ctx.stopped;
        if (result.verdict === 'fail') throw new CaseFailure(`${result.message} [declared ${result.declared}; observed ${result.observed}]`);
        if (result.verdict === 'skip' || result.verdict === 'inconclusive') skip(`${result.verdict}: ${result.message}`);
      });
    }
  });
}
