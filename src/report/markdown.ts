/**
 * report.md: the run as GitHub-flavoured markdown, readable in a terminal, a pull request or a GitHub
 * Actions job summary. It leads with the findings (each cause with its cases, findings.ts), then one table
 * per area, failures first; every value from the target is escaped (see escape.ts).
 */
import { appendFile } from 'node:fs/promises';
import type { CaseResult, Results } from '../results/results.types.js';
import { countsText, describeRequests, groupByArea, summarizeParity, VERDICT_LEGEND } from './areas.js';
import { mdCode, mdLink, mdText } from './escape.js';
import { findingsOf, type Finding } from './findings.js';
import { roundFloatsIn, runDuration, targetName, VERDICT_MARK } from './labels.js';
import { runNotices, warningCases } from './warnings.js';
import { pacingText } from './pacing.js';

function verdictCell(verdict: CaseResult['verdict']): string {
  return `${VERDICT_MARK[verdict]} ${verdict}`;
}

function sourceCell(c: CaseResult): string {
  if (c.source) return mdLink(c.source, c.sourceUrl);
  return c.sourceUrl ? mdLink('source', c.sourceUrl) : '';
}

/** Case ids listed per cause before "and N more" (the tables below list every case). */
const FINDING_IDS = 24;

function findingLine(f: Finding): string {
  const n = f.cases.length;
  const ids = f.cases.slice(0, FINDING_IDS).map((c) => mdCode(c.id, false));
  if (n > FINDING_IDS) ids.push(`and ${n - FINDING_IDS} more`);
  return `- ${VERDICT_MARK[f.verdict]} **${mdText(roundFloatsIn(f.cause))}** (${n} case${n === 1 ? '' : 's'}): ${ids.join(', ')}`;
}

function findingLines(cases: readonly CaseResult[]): string[] {
  if (!cases.length) return [];
  const { failures, unchecked } = findingsOf(cases);
  const failed = failures.reduce((n, f) => n + f.cases.length, 0);
  const lines = ['## Findings', ''];
  if (failed)
    lines.push(
      `${failed} failure${failed === 1 ? '' : 's'} from ${failures.length} cause${failures.length === 1 ? '' : 's'}:`,
      '',
      ...failures.map(findingLine),
      '',
    );
  else lines.push('No failures.', '');
  if (unchecked.length) lines.push('**Not checked, by shared reason**', '', ...unchecked.map(findingLine), '');
  return lines;
}

/** Row order inside an area: what needs a reader first. */
const VERDICT_RANK: Record<CaseResult['verdict'], number> = { fail: 0, inconclusive: 1, skip: 2, pass: 3 };

function row(cells: string[]): string {
  return `| ${cells.join(' | ')} |`;
}

export function renderMarkdown(results: Results): string {
  const { target, summary } = results;
  const withParity = results.cases.some((c) => c.parity);
  const lines: string[] = [];

  lines.push(`# oai-compat report: ${mdText(targetName(target))}`, '');
  const facts = [`Target ${mdCode(target.baseUrl, false)}`, `profile ${mdCode(target.profile, false)}`, `model ${mdCode(target.model, false)}`];
  if (target.emulator) facts.push(target.fault ? `built-in emulator with fault ${mdCode(target.fault, false)}` : 'built-in emulator');
  if (results.replayed) facts.push('replayed from a recording');
  lines.push(facts.join(' · '), '');

  const duration = runDuration(results);
  const parity = summarizeParity(results.cases);
  lines.push(
    `**${parity ? 'As documented: ' : ''}${countsText(summary)}**` +
      (parity ? ` · **OpenAI parity: ${countsText(parity)}**` : '') +
      ` — requests: ${describeRequests(results.requests)}` +
      (duration ? ` · ${duration}` : '') +
      ` · ${mdText(results.tool.name)} ${mdText(results.tool.version)}`,
    '',
  );
  if (parity) lines.push(`_${mdText(VERDICT_LEGEND)}_`, '');
  const pacing = pacingText(results.requests);
  if (pacing) lines.push(`Pacing: ${mdText(pacing)}`, '');

  for (const notice of runNotices(results)) lines.push(`> [!WARNING]`, `> ${mdText(notice)}`, '');
  lines.push(...findingLines(results.cases));
  const warnings = warningCases(results.cases);
  if (warnings.length) {
    lines.push(`**Warnings: ${warnings.length} inconclusive** (a deviation or a doubt the evidence could not settle; never counted as a failure)`, '');
    for (const c of warnings) lines.push(`- ${VERDICT_MARK.inconclusive} ${mdCode(c.id, false)}: ${mdText(c.message)}`);
    lines.push('');
  }

  if (results.cases.length === 0) lines.push('_No cases ran._', '');

  const header = ['Case', 'Declared', 'Observed', 'Verdict', 'Confidence'];
  if (withParity) header.push('OpenAI parity');
  header.push('Message', 'Source');

  for (const [area, inArea] of groupByArea(results.cases)) {
    const cases = [...inArea].sort((a, b) => VERDICT_RANK[a.verdict] - VERDICT_RANK[b.verdict]);
    lines.push(`## ${area[0]!.toUpperCase()}${area.slice(1)} (${cases.length})`, '');
    lines.push(row(header), row(header.map(() => '---')));
    for (const c of cases) {
      const cells = [mdCode(c.id), mdCode(roundFloatsIn(c.declared)), mdCode(roundFloatsIn(c.observed)), verdictCell(c.verdict), c.confidence];
      if (withParity) cells.push(c.parity ? `${verdictCell(c.parity.verdict)} (OpenAI: ${mdCode(c.parity.declared)})` : '');
      cells.push(mdText(roundFloatsIn(c.message)), sourceCell(c));
      lines.push(row(cells));
    }
    lines.push('');
  }
  return lines.join('\n');
}

/**
 * GitHub rejects a step summary over 1 MiB (and then shows none at all), so a longer report is cut
 * at a line boundary with a note pointing to the full file.
 */
export const STEP_SUMMARY_LIMIT_BYTES = 1024 * 1024 - 4096;

/**
 * Append the markdown to the file named by $GITHUB_STEP_SUMMARY (the job summary of a GitHub Actions
 * step). Returns true when it wrote, false when the variable is not set (not in Actions).
 */
export async function appendStepSummary(markdown: string, env: NodeJS.ProcessEnv = process.env): Promise<boolean> {
  const file = env.GITHUB_STEP_SUMMARY;
  if (!file) return false;
  let text = markdown.endsWith('\n') ? markdown : `${markdown}\n`;
  if (Buffer.byteLength(text, 'utf8') > STEP_SUMMARY_LIMIT_BYTES) {
    const note = '\n_Report truncated to fit the job summary; the full report is in report.md / report.html._\n';
    let cut = Buffer.from(text, 'utf8')
      .subarray(0, STEP_SUMMARY_LIMIT_BYTES - Buffer.byteLength(note))
      .toString('utf8');
    cut = cut.slice(0, cut.lastIndexOf('\n') + 1);
    text = cut + note;
  }
  await appendFile(file, `${text}\n`, 'utf8');
  return true;
}
