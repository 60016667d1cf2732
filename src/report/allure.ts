/**
 * Allure results written from results.json, for `merge --reports` (a merge has no vitest run, so
 * allure-vitest, which writes a run's Allure results, is not there to write them). Shaped like the
 * run's: a conformance failure is "failed" (never "broken", Allure's category for a test that errored),
 * a skip "skipped", an inconclusive case "skipped" with a message starting "inconclusive:" and its own
 * category (Allure's model has no such state; a CI gate must not fail on it); parentSuite = profile,
 * suite = area, test = case id; epic/feature/story = profile/area/subject. The results are redacted.
 */
import { createHash } from 'node:crypto';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { ContentType, LabelName, Stage, Status, type Label, type TestResult } from 'allure-js-commons';
import { FileSystemWriter, ReporterRuntime } from 'allure-js-commons/sdk/reporter';
import type { CaseResult, Results, Verdict } from '../results/results.types.js';

/** The folder name under the output folder (the CLI's list of outputs names it too). */
export const ALLURE_DIR = 'allure-results';

const STATUS: Record<Verdict, Status> = {
  pass: Status.PASSED,
  fail: Status.FAILED,
  skip: Status.SKIPPED,
  inconclusive: Status.SKIPPED,
};

/** Allure's "categories": what a reader of the report filters on first. */
const CATEGORIES = [
  { name: 'Conformance failures', matchedStatuses: [Status.FAILED] },
  { name: 'Inconclusive (the evidence could not settle it)', matchedStatuses: [Status.SKIPPED], messageRegex: '^inconclusive:[\\s\\S]*' },
];

function targetName(r: Results): string {
  return `${r.target.profile}${r.target.label ? ` (${r.target.label})` : ''}`;
}

function labelsOf(r: Results, c: CaseResult): Label[] {
  const labels: Label[] = [
    { name: LabelName.PARENT_SUITE, value: r.target.profile },
    { name: LabelName.SUITE, value: c.area },
    { name: LabelName.EPIC, value: r.target.profile },
    { name: LabelName.FEATURE, value: c.area },
    { name: LabelName.STORY, value: c.subject },
    { name: LabelName.FRAMEWORK, value: 'oai-compat' },
    { name: LabelName.TAG, value: c.verdict },
    { name: LabelName.TAG, value: c.confidence },
  ];
  if (c.parity) labels.push({ name: LabelName.TAG, value: `OpenAI parity: ${c.parity.verdict}` });
  return labels;
}

function description(c: CaseResult): string {
  const lines = [`**declared:** ${c.declared}`, `**observed:** ${c.observed} (${c.confidence})`];
  if (c.parity) lines.push(`**OpenAI parity:** ${c.parity.verdict} (OpenAI declares ${c.parity.declared})${c.parity.message ? `: ${c.parity.message}` : ''}`);
  if (c.source) lines.push(`**source:** ${c.source}`);
  return lines.join('\n\n');
}

/** Stable across runs of the same target, so Allure's history and retries line up case by case. */
function historyId(r: Results, c: CaseResult): string {
  return createHash('md5')
    .update(`${r.target.profile}\0${r.target.label ?? r.target.baseUrl}\0${r.target.model}\0${c.id}`)
    .digest('hex');
}

/** Writes <outDir>/allure-results afresh (what an earlier run or merge left there would pass for this one's). */
export async function writeAllure(outDir: string, results: Results): Promise<string> {
  const dir = join(outDir, ALLURE_DIR);
  await rm(dir, { recursive: true, force: true });
  const runtime = new ReporterRuntime({
    writer: new FileSystemWriter({ resultsDir: dir }),
    categories: CATEGORIES,
    environmentInfo: {
      profile: results.target.profile,
      model: results.target.model,
      target: results.target.baseUrl,
      'oai-compat': results.tool.version,
      ...(results.tool.node ? { node: results.tool.node } : {}),
      ...(results.tool.platform ? { platform: results.tool.platform } : {}),
    },
  });
  const exchanges = new Map((results.exchanges ?? []).map((x) => [x.id, x]));
  const start = Date.parse(results.startedAt) || 0;
  for (const c of results.cases) {
    const result: Partial<TestResult> = {
      name: c.id,
      fullName: `${targetName(results)}: ${c.id}`,
      testCaseId: c.id,
      historyId: historyId(results, c),
      description: description(c),
      status: STATUS[c.verdict],
      stage: Stage.FINISHED,
      labels: labelsOf(results, c),
      parameters: [
        { name: 'declared', value: c.declared },
        { name: 'observed', value: c.observed, excluded: true },
      ],
      links: c.sourceUrl && /^https?:\/\//.test(c.sourceUrl) ? [{ url: c.sourceUrl, name: c.source ?? c.sourceUrl }] : [],
      start,
    };
    if (c.verdict !== 'pass') result.statusDetails = { message: c.verdict === 'inconclusive' ? `inconclusive: ${c.message}` : c.message };
    const uuid = runtime.startTest(result);
    const evidence = { message: c.message, evidence: c.evidence, parity: c.parity, signals: c.signals };
    runtime.writeAttachment(uuid, null, 'evidence.json', Buffer.from(JSON.stringify(evidence, null, 2)), { contentType: ContentType.JSON });
    const own = (c.exchanges ?? []).map((id) => exchanges.get(id)).filter((x) => x !== undefined);
    if (own.length) runtime.writeAttachment(uuid, null, 'exchanges.json', Buffer.from(JSON.stringify(own, null, 2)), { contentType: ContentType.JSON });
    runtime.stopTest(uuid, { stop: start + Math.round(c.durationMs ?? 0) });
    runtime.writeTest(uuid);
  }
  runtime.writeEnvironmentInfo();
  runtime.writeCategoriesDefinitions();
  return dir;
}
