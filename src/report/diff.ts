/**
 * The regression gate: compare a baseline results.json with the current one.
 *
 * What counts as a regression: a case that FAILS NOW and was NOT recorded as a failure in the
 * baseline. That covers pass → fail, a new case that fails, and also skip → fail and
 * inconclusive → fail: in each of those the baseline holds no accepted failure, so nobody has agreed
 * to it. A failure that the baseline already recorded (fail → fail, whatever its message now says)
 * is a known failure and never a regression: a baseline exists precisely so that a provider's known
 * gaps do not turn every build red.
 *
 * Everything else is reported but does not gate: fixed (fail → pass), other verdict changes
 * (pass → skip, pass → inconclusive, fail → skip, ...: coverage changes worth a look), new cases and
 * removed cases (a removed case is lost coverage, not a regression).
 */
import type { CaseResult, Results, Verdict } from '../results/results.types.js';
import { EXIT_FAIL, EXIT_OK, inputError, parseCommandArgs, processIO, usageError, type CommandIO } from './command.js';
import { readResultsFile } from './load.js';
import { targetName } from './labels.js';

export interface CaseChange {
  id: string;
  area: CaseResult['area'];
  /** Baseline verdict; null when the case is not in the baseline. */
  was: Verdict | null;
  now: Verdict;
  message: string;
  observed: string;
  declared: string;
}

export interface ResultsDiff {
  /** Fails now, and the baseline did not record it as a failure (see the module comment). */
  regressions: CaseChange[];
  /** Failed in the baseline, passes now. */
  fixed: CaseChange[];
  /** Any other verdict change (does not gate). */
  changed: CaseChange[];
  /** In the current run, not in the baseline (failing ones are also in `regressions`). */
  newCases: CaseChange[];
  /** In the baseline, not in the current run. */
  removedCases: Array<{ id: string; area: CaseResult['area']; was: Verdict }>;
  /** Cases present in both runs with the same verdict. */
  unchanged: number;
}

function change(c: CaseResult, was: Verdict | null): CaseChange {
  return { id: c.id, area: c.area, was, now: c.verdict, message: c.message, observed: c.observed, declared: c.declared };
}

const byId = (a: { id: string }, b: { id: string }) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

export function diffResults(baseline: Results, current: Results): ResultsDiff {
  const before = new Map(baseline.cases.map((c) => [c.id, c]));
  const now = new Map(current.cases.map((c) => [c.id, c]));
  const d: ResultsDiff = { regressions: [], fixed: [], changed: [], newCases: [], removedCases: [], unchanged: 0 };

  for (const c of now.values()) {
    const old = before.get(c.id);
    const was = old?.verdict ?? null;
    if (c.verdict === 'fail' && was !== 'fail') d.regressions.push(change(c, was));
    if (!old) {
      d.newCases.push(change(c, null));
      continue;
    }
    if (was === c.verdict) d.unchanged += 1;
    else if (was === 'fail' && c.verdict === 'pass') d.fixed.push(change(c, was));
    else if (c.verdict !== 'fail') d.changed.push(change(c, was));
  }
  for (const old of before.values()) {
    if (!now.has(old.id)) d.removedCases.push({ id: old.id, area: old.area, was: old.verdict });
  }
  for (const list of [d.regressions, d.fixed, d.changed, d.newCases, d.removedCases]) list.sort(byId);
  return d;
}

function oneLine(text: string, limit = 200): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > limit ? `${flat.slice(0, limit)}…` : flat;
}

function line(c: CaseChange): string {
  const transition = `${c.was ?? 'new'} → ${c.now}`;
  const msg = oneLine(c.message);
  return `  ${c.id}  ${transition}${msg ? `  ${msg}` : ''}`;
}

/** A plain-text account for a terminal or CI log: regressions first, then everything else that moved. */
export function formatDiff(d: ResultsDiff): string {
  const out: string[] = [];
  const section = (title: string, items: string[]) => {
    if (items.length === 0) return;
    out.push(`${title} (${items.length}):`, ...items, '');
  };
  section('Regressions', d.regressions.map(line));
  section('Fixed', d.fixed.map(line));
  section('Other verdict changes', d.changed.map(line));
  section(
    'New cases',
    d.newCases.map((c) => `  ${c.id}  ${c.now}`),
  );
  section(
    'Removed cases',
    d.removedCases.map((c) => `  ${c.id}  was ${c.was}`),
  );
  out.push(
    `${d.regressions.length} regression${d.regressions.length === 1 ? '' : 's'}, ${d.fixed.length} fixed, ` +
      `${d.changed.length} other change${d.changed.length === 1 ? '' : 's'}, ${d.newCases.length} new, ` +
      `${d.removedCases.length} removed, ${d.unchanged} unchanged.`,
  );
  return `${out.join('\n')}\n`;
}

export const DIFF_USAGE = `Usage: oai-compat diff BASELINE.json CURRENT.json [--json]

Compare two results.json files. A regression is a case that fails in CURRENT and was not
recorded as a failure in BASELINE (pass → fail, a new failing case, skip/inconclusive → fail).
Failures already in the baseline are known failures, not regressions.

Options:
  --json      print the diff as JSON instead of text
  -h, --help  show this help

Exit status: 0 no regression, 1 regressions, 2 usage error or unreadable/invalid file.`;

export async function diffCommand(argv: string[], io: CommandIO = processIO): Promise<number> {
  const parsed = parseCommandArgs(argv, { json: { type: 'boolean' } }, DIFF_USAGE, io);
  if (typeof parsed === 'number') return parsed;
  if (parsed.positionals.length !== 2) {
    return usageError(`diff needs exactly two files (baseline and current), got ${parsed.positionals.length}`, DIFF_USAGE, io);
  }
  const [baselineFile, currentFile] = parsed.positionals as [string, string];
  let baseline: Results;
  let current: Results;
  try {
    [baseline, current] = await Promise.all([readResultsFile(baselineFile), readResultsFile(currentFile)]);
  } catch (err) {
    return inputError((err as Error).message, io);
  }
  const d = diffResults(baseline, current);
  if (parsed.values.json) io.stdout(`${JSON.stringify(d, null, 2)}\n`);
  else {
    const a = baseline.target;
    const b = current.target;
    // Emulator runs listen on a fresh loopback port each time: their baseUrl differing means nothing.
    const otherUrl = a.baseUrl !== b.baseUrl && !(a.emulator && b.emulator);
    if (a.profile !== b.profile || a.model !== b.model || otherUrl) {
      io.stderr(`note: comparing different targets: ${targetName(a)} (${a.baseUrl}) → ${targetName(b)} (${b.baseUrl})\n`);
    }
    io.stdout(formatDiff(d));
  }
  return d.regressions.length > 0 ? EXIT_FAIL : EXIT_OK;
}
