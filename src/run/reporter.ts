/**
 * A vitest reporter that runs in the CLI's process and collects each case's result (from the test's
 * meta) and the exchanges behind it. It writes nothing itself: the run command assembles results.json.
 */
import type { Reporter, TestCase, TestModule } from 'vitest/node';
import type { CaseResult, ExchangeRecord } from '../results/results.types.js';
import type { RequestStats } from './context.js';
import type { StopReason } from '../transport/sched-guard.js';
import type { LearnedRate } from '../transport/sched-adaptive.js';

export interface Progress {
  done: number;
  total: number;
  sent: number;
  ratePerMin: number;
  elapsedMs: number;
}

export class CaseCollector implements Reporter {
  readonly cases: CaseResult[] = [];
  private total = 0;
  private readonly started = performance.now();

  /** `expected`: the number of cases the run will execute, when known up front (no shard). */
  constructor(
    private readonly onProgress?: (p: Progress) => void,
    private readonly expected?: number,
  ) {}

  onTestModuleCollected(module: TestModule): void {
    // Suite files are collected one after another; without an expected count the total grows as they come.
    for (const t of module.children.allTests()) {
      this.total++;
      this.collected.add(t.name);
    }
  }

  readonly exchanges = new Map<string, ExchangeRecord>();
  readonly stats: RequestStats = { sent: 0, shared: 0, failed: 0, retried: 0, rateLimited: 0 };
  readonly errors: string[] = [];
  /** The worker's pacing as the latest case to finish saw it (the rate learned so far). */
  pacing: LearnedRate | undefined;
  /** Why the worker's run stopped early (breaker, deadline, Ctrl-C), as the first case that saw it says. */
  stop: StopReason | undefined;
  /** Every case id vitest collected (the tests' names), to name the cases a stopped run never reached. */
  readonly collected = new Set<string>();

  onTestCaseResult(testCase: TestCase): void {
    const meta = testCase.meta() as {
      oaiCase?: CaseResult;
      oaiExchanges?: ExchangeRecord[];
      oaiStats?: RequestStats;
      oaiStop?: StopReason;
      oaiPacing?: LearnedRate;
    };
    if (meta.oaiPacing) this.pacing = meta.oaiPacing;
    if (meta.oaiCase) this.cases.push(meta.oaiCase);
    this.stop ??= meta.oaiStop;
    for (const ex of meta.oaiExchanges ?? []) this.exchanges.set(ex.id, ex);
    if (meta.oaiStats) for (const k of Object.keys(this.stats) as (keyof RequestStats)[]) this.stats[k] = Math.max(this.stats[k], meta.oaiStats[k]);
    if (this.onProgress) {
      const elapsedMs = performance.now() - this.started;
      this.onProgress({
        done: this.cases.length,
        total: Math.max(this.expected ?? this.total, this.cases.length),
        sent: this.stats.sent,
        ratePerMin: elapsedMs > 0 ? (this.stats.sent * 60_000) / elapsedMs : 0,
        elapsedMs,
      });
    }
    const result = testCase.result();
    if (!meta.oaiCase && result.state === 'failed') this.errors.push(`${testCase.fullName}: ${result.errors?.[0]?.message ?? 'failed'}`);
  }

  onTestRunEnd(modules: ReadonlyArray<TestModule>, unhandledErrors: ReadonlyArray<{ message?: string }>): void {
    // A suite file that failed to load (its RunContext could not be built: a cassette, a profile, a
    // record file) has no tests, only module errors: they are the harness's failure, never "no case".
    for (const m of modules) for (const e of m.errors()) this.errors.push(`${m.moduleId.split('/').slice(-2).join('/')}: ${e.message ?? String(e)}`);
    for (const e of unhandledErrors) this.errors.push(e.message ?? String(e));
  }
}
