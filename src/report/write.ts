/**
 * What the runner calls after it has written <out>/results.json: the human-readable reports next to
 * it (report.md, report.html, junit.xml) and, inside GitHub Actions, the job summary. A run's Allure
 * results come from allure-vitest during the run; `merge` has no vitest run, so it asks for
 * allure-results/ written from the merged results (`allure: true`).
 */
import { makeDir } from '../fs/make-dir.js';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Results } from '../results/results.types.js';
import { renderHtml } from './html.js';
import { renderJunit } from './junit.js';
import { appendStepSummary, renderMarkdown } from './markdown.js';

export interface WrittenReports {
  markdown: string;
  html: string;
  junit: string;
  /** The allure-results folder, when asked for. */
  allure?: string;
  /** True when the markdown was also appended to $GITHUB_STEP_SUMMARY. */
  stepSummary: boolean;
}

export async function writeReports(outDir: string, results: Results, options: { env?: NodeJS.ProcessEnv; allure?: boolean } = {}): Promise<WrittenReports> {
  makeDir(outDir);
  const markdownPath = join(outDir, 'report.md');
  const htmlPath = join(outDir, 'report.html');
  const junitPath = join(outDir, 'junit.xml');
  const markdown = renderMarkdown(results);
  const [allure] = await Promise.all([
    // Allure's SDK is loaded only when asked for (merge --reports): a run's Allure results come from allure-vitest.
    options.allure ? import('./allure.js').then((m) => m.writeAllure(outDir, results)) : undefined,
    writeFile(markdownPath, markdown, 'utf8'),
    writeFile(htmlPath, renderHtml(results), 'utf8'),
    writeFile(junitPath, renderJunit(results), 'utf8'),
  ]);
  const stepSummary = await appendStepSummary(markdown, options.env ?? process.env);
  return { markdown: markdownPath, html: htmlPath, junit: junitPath, ...(allure ? { allure } : {}), stepSummary };
}
