/** Executes every case of a context in-process with a concurrency limit (dry runs, tests; vitest does it for `run`). */
import type { CaseResult, ExchangeRecord } from '../results/results.types.js';
import type { RunContext } from './context.js';

export async function executeAll(ctx: RunContext, concurrency = 4): Promise<{ cases: CaseResult[]; exchanges: Map<string, ExchangeRecord> }> {
  const cases: CaseResult[] = [];
  const exchanges = new Map<string, ExchangeRecord>();
  const queue = [...ctx.cases];
  await Promise.all(
    Array.from({ length: Math.max(1, concurrency) }, async () => {
      for (let c = queue.shift(); c; c = queue.shift()) {
        const r = await ctx.execute(c);
        cases.push(r.result);
        for (const x of r.exchanges) exchanges.set(x.id, x);
      }
    }),
  );
  cases.sort((a, b) => a.id.localeCompare(b.id));
  return { cases, exchanges };
}
