/**
 * junit.xml written from results.json (never from vitest's reporter, which knows only pass/fail/skip):
 * one <testsuite> per area, one <testcase> per case (classname = area, name = case id), so CI systems list
 * conformance cases, not test files. What vitest could not say is kept:
 *  - a failure carries the verdict's reason as its message and the declared/observed/evidence as its text;
 *  - a skip carries its reason; an inconclusive case is a skip whose message starts with "inconclusive:",
 *    since JUnit has no such state and a CI gate must not fail on it;
 *  - the OpenAI-parity verdict is a property of the case and a line of its text: a documented deviation
 *    is not a failure of the run, but a reader of the CI report sees it.
 * XML is built with xmlbuilder2 (escaping, and characters XML cannot hold are dropped, not written).
 */
import { create } from 'xmlbuilder2';
import type { XMLBuilder } from 'xmlbuilder2/lib/interfaces.js';
import type { CaseResult, Results } from '../results/results.types.js';
import { groupByArea } from './areas.js';

/** Longest evidence text kept per case: CI pages render every byte of it. */
const EVIDENCE_MAX = 2000;

const seconds = (ms: number | undefined): string => ((ms ?? 0) / 1000).toFixed(3);

function caseText(c: CaseResult): string {
  const lines = [`declared: ${c.declared}`, `observed: ${c.observed} (${c.confidence})`];
  if (c.parity) lines.push(`OpenAI parity: ${c.parity.verdict} (declared by OpenAI: ${c.parity.declared})${c.parity.message ? `: ${c.parity.message}` : ''}`);
  if (c.source) lines.push(`source: ${c.source}${c.sourceUrl ? ` (${c.sourceUrl})` : ''}`);
  const evidence = JSON.stringify(c.evidence);
  lines.push(`evidence: ${evidence.length > EVIDENCE_MAX ? `${evidence.slice(0, EVIDENCE_MAX)}…` : evidence}`);
  return lines.join('\n');
}

function addCase(suite: XMLBuilder, c: CaseResult): void {
  const tc = suite.ele('testcase', { classname: c.area, name: c.id, time: seconds(c.durationMs) });
  const props = tc.ele('properties');
  props.ele('property', { name: 'verdict', value: c.verdict });
  props.ele('property', { name: 'confidence', value: c.confidence });
  if (c.parity) props.ele('property', { name: 'parity', value: c.parity.verdict });
  if (c.verdict === 'fail') tc.ele('failure', { message: c.message, type: 'conformance' }).txt(caseText(c));
  else if (c.verdict === 'skip') tc.ele('skipped', { message: c.message });
  else if (c.verdict === 'inconclusive') tc.ele('skipped', { message: `inconclusive: ${c.message}` });
  tc.ele('system-out').txt(caseText(c));
}

function count(cases: CaseResult[]): Record<string, string> {
  return {
    tests: String(cases.length),
    failures: String(cases.filter((c) => c.verdict === 'fail').length),
    errors: '0',
    skipped: String(cases.filter((c) => c.verdict === 'skip' || c.verdict === 'inconclusive').length),
    time: seconds(cases.reduce((t, c) => t + (c.durationMs ?? 0), 0)),
  };
}

export function renderJunit(results: Results): string {
  const name = `oai-compat ${results.target.profile}${results.target.label ? ` (${results.target.label})` : ''}`;
  const doc = create({ version: '1.0', encoding: 'UTF-8', invalidCharReplacement: '' });
  const root = doc.ele('testsuites', { name, ...count(results.cases) });
  for (const [area, cases] of groupByArea(results.cases)) {
    const suite = root.ele('testsuite', { name: area, timestamp: results.startedAt, ...count(cases) });
    const props = suite.ele('properties');
    props.ele('property', { name: 'profile', value: results.target.profile });
    props.ele('property', { name: 'model', value: results.target.model });
    props.ele('property', { name: 'baseUrl', value: results.target.baseUrl });
    for (const c of cases) addCase(suite, c);
  }
  return doc.end({ prettyPrint: true });
}
