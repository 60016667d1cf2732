/**
 * What the runner calls after it has written <out>/results.json: the human-readable reports next to
 * it (report.md, report.html, junit.xml, allure-results/) and, inside GitHub Actions, the job summary.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Results } from '../results/results.types.js';
import { writeAllure } from './allure.js';
import { renderHtml } from './html.js';
import { renderJunit } from './junit.js';
import { appendStepSummary, renderMarkdown } from './markdown.js';

export interface WrittenReports {
  markdown: string;
  html: string;
  junit: string;
  allure: string;
  /** True when the markdown was also appended to $GITHUB_STEP_SUMMARY. */
  stepSummary: boolean;
}

export async function writeReports(outDir: string, results: Results, options: { env?: NodeJS.ProcessEnv } = {}): Promise<WrittenReports> {
  await mkdir(outDir, { recursive: true });
  const markdownPath = join(outDir, 'report.md');
  const htmlPath = join(outDir, 'report.html');
  const junitPath = join(outDir, 'junit.xml');
  const markdown = renderMarkdown(results);
  const [allure] = await Promise.all([
    writeAllure(outDir, results),
    writeFile(markdownPath, markdown, 'utf8'),
    writeFile(htmlPath, renderHtml(results), 'utf8'),
    writeFile(junitPath, renderJunit(results), 'utf8'),
  ]);
  const stepSummary = await appendStepSummary(markdown, options.env ?? process.env);
  return { markdown: markdownPath, html: htmlPath, junit: junitPath, allure, stepSummary };
}
