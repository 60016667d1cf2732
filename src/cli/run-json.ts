/**
 * The documents `run --json` prints on stdout: the summary of a run (what a script needs to decide, and
 * where the reports are; results.json holds the rest), or the plan of a dry run. Built from the
 * redacted results only. Both carry a schema name so a consumer can tell them apart and notice a change.
 */
import { join } from 'node:path';
import type { Results } from '../results/results.types.js';
import type { DryRunEntry } from '../transport/sched-dryrun.js';
import type { ResultsDiff } from '../report/diff.js';
import { summarizeParity } from '../report/areas.js';

export function runSummaryJson(r: Results, outDir: string, exitCode: number, diff?: ResultsDiff) {
  const parity = summarizeParity(r.cases);
  return {
    schema: 'oai-compat.run-summary/v1',
    exitCode,
    target: r.target,
    /** "as documented": the target does what its provider documents. */
    summary: r.summary,
    /** "OpenAI parity": the same observations judged against OpenAI's behaviour (null when no case had one). */
    parity: parity ?? null,
    requests: r.requests,
    failures: r.cases.filter((c) => c.verdict === 'fail').map((c) => ({ id: c.id, message: c.message })),
    inconclusive: r.cases.filter((c) => c.verdict === 'inconclusive').map((c) => ({ id: c.id, message: c.message })),
    ...(r.interrupted ? { interrupted: true } : {}),
    ...(r.stopped ? { stopped: r.stopped } : {}),
    ...(diff ? { regressions: diff.regressions.map((c) => ({ id: c.id, was: c.was, now: c.now, message: c.message })) } : {}),
    reports: {
      results: join(outDir, 'results.json'),
      markdown: join(outDir, 'report.md'),
      html: join(outDir, 'report.html'),
      junit: join(outDir, 'junit.xml'),
    },
  };
}

export function dryRunJson(entries: readonly DryRunEntry[], shared: number, maxRequests: number | undefined) {
  return {
    schema: 'oai-compat.dry-run/v1',
    requests: entries.length,
    shared,
    ...(maxRequests === undefined ? {} : { maxRequests }),
    planned: entries.map((e) => ({ method: e.method, path: e.path, purpose: e.purpose ?? null, bodyBytes: e.bodyBytes })),
  };
}
