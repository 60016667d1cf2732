/**
 * junit.xml from results.json, for the runs whose vitest junit reporter did not finish (a run cut short
 * by a signal): CI parsers fail on a missing or empty file, so the run always leaves a valid one.
 * One testsuite per area, one testcase per case: fail → <failure>, skip/inconclusive → <skipped>.
 */
import type { Results } from '../results/results.types.js';

export function renderJunit(results: Results, suiteName: string): string {
  const byArea = new Map<string, Results['cases']>();
  for (const c of results.cases) (byArea.get(c.area) ?? byArea.set(c.area, []).get(c.area)!).push(c);
  const s = results.summary;
  const out = [
    '<?xml version="1.0" encoding="UTF-8" ?>',
    `<testsuites name="${xml(suiteName)}" tests="${results.cases.length}" failures="${s.fail}" errors="0" skipped="${s.skip + s.inconclusive}">`,
  ];
  for (const [area, cases] of byArea) {
    const fails = cases.filter((c) => c.verdict === 'fail').length;
    const skips = cases.filter((c) => c.verdict === 'skip' || c.verdict === 'inconclusive').length;
    out.push(`  <testsuite name="${xml(area)}" tests="${cases.length}" failures="${fails}" errors="0" skipped="${skips}">`);
    for (const c of cases) {
      const open = `    <testcase classname="${xml(area)}" name="${xml(c.id)}" time="${((c.durationMs ?? 0) / 1000).toFixed(3)}"`;
      if (c.verdict === 'pass') out.push(`${open} />`);
      else if (c.verdict === 'fail') out.push(`${open}>`, `      <failure message="${xml(c.message)}" />`, '    </testcase>');
      else out.push(`${open}>`, `      <skipped message="${xml(`${c.verdict}: ${c.message}`)}" />`, '    </testcase>');
    }
    out.push('  </testsuite>');
  }
  out.push('</testsuites>', '');
  return out.join('\n');
}

/** Attribute text: the five entities escaped, and the characters XML 1.0 forbids (controls) dropped. */
function xml(value: unknown): string {
  return String(value ?? '')
    // eslint-disable-next-line no-control-regex
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f\ufffe\uffff]/g, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}
