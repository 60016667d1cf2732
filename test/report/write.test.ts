import { mkdtemp, readFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { writeReports } from '../../src/report/write.js';
import { sampleResults } from './fixtures.js';

describe('writeReports', () => {
  it('writes report.md, report.html, junit.xml (and allure-results when asked, as merge does) into the out dir, and the job summary when in Actions', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'oai-write-'));
    const summary = join(dir, 'step-summary.md');
    const written = await writeReports(join(dir, 'out'), sampleResults(), { env: { GITHUB_STEP_SUMMARY: summary }, allure: true });
    expect(written).toEqual({
      markdown: join(dir, 'out/report.md'),
      html: join(dir, 'out/report.html'),
      junit: join(dir, 'out/junit.xml'),
      allure: join(dir, 'out/allure-results'),
      stepSummary: true,
    });
    const md = await readFile(written.markdown, 'utf8');
    expect(md).toMatch(/^# oai-compat report: parallel · speed/);
    expect(await readFile(written.html, 'utf8')).toMatch(/^<!doctype html>/);
    expect(await readFile(summary, 'utf8')).toBe(`${md}\n`);
  });

  it("skips the job summary outside Actions, and leaves a run's allure-results (allure-vitest's) alone", async () => {
    const dir = await mkdtemp(join(tmpdir(), 'oai-write-'));
    const written = await writeReports(dir, sampleResults(), { env: {} });
    expect(written.stepSummary).toBe(false);
    expect(written.allure).toBeUndefined();
    expect(existsSync(join(dir, 'allure-results'))).toBe(false);
  });
});
