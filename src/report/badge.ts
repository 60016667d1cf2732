/**
 * One shields.io-style SVG badge per matrix target: "oai-compat | 97% (120/124)".
 *
 * What the percentage counts: passes among the cases that reached a decisive outcome, i.e.
 * pass / (pass + fail). Skipped cases (not applicable to this target or model) and inconclusive ones
 * (a stochastic probe that did not settle) are left out of both numbers, so they can neither inflate
 * nor deflate the score, and the parenthesis says exactly what was counted. The percentage is rounded
 * DOWN, so a target with any failure never shows 100%. With nothing decided the badge says "n/a".
 */
import { escapeHtml } from './escape.js';
import type { Results } from '../results/results.types.js';

export interface Score {
  pass: number;
  /** pass + fail. */
  decided: number;
  /** floor(100 · pass / decided), or null when nothing was decided. */
  percent: number | null;
}

export function scoreOf(summary: Results['summary']): Score {
  const decided = summary.pass + summary.fail;
  return { pass: summary.pass, decided, percent: decided === 0 ? null : Math.floor((100 * summary.pass) / decided) };
}

export function scoreText(score: Score): string {
  return score.percent === null ? 'n/a' : `${score.percent}% (${score.pass}/${score.decided})`;
}

/** shields.io's colour scale, by score. */
export function scoreColor(score: Score): string {
  const p = score.percent;
  if (p === null) return '#9f9f9f';
  if (p >= 100) return '#4c1';
  if (p >= 95) return '#97ca00';
  if (p >= 80) return '#a4a61d';
  if (p >= 60) return '#dfb317';
  if (p >= 40) return '#fe7d37';
  return '#e05d44';
}

// Approximate advance widths of Verdana at 11px (what shields.io lays badges out with), so the text fits
// its box without measuring fonts at build time. Unknown characters count as a wide letter.
const NARROW = new Set([..."ijl.,:;!|'"]);
const MID = new Set([...' frt()[]/-{}']);
const WIDE = new Set([...'mwMW%@']);
function textWidth(text: string): number {
  let w = 0;
  for (const ch of text) {
    if (NARROW.has(ch)) w += 3.4;
    else if (MID.has(ch)) w += ch === ' ' ? 3.9 : 4.8;
    else if (WIDE.has(ch)) w += 10.5;
    else if (/[0-9]/.test(ch)) w += 7;
    else if (/[A-Z]/.test(ch)) w += 7.6;
    else w += 6.6;
  }
  return Math.ceil(w);
}

export function renderBadge(label: string, message: string, color: string): string {
  // textLength pins each text to its estimated width (as shields.io does), so whatever font the
  // viewer substitutes for Verdana, the text fits its box instead of spilling over the edge.
  const lt = textWidth(label);
  const mt = textWidth(message);
  const lw = lt + 10;
  const mw = mt + 10;
  const w = lw + mw;
  const l = escapeHtml(label);
  const m = escapeHtml(message);
  const c = escapeHtml(color);
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${w}" height="20" role="img" aria-label="${l}: ${m}">
<title>${l}: ${m}</title>
<linearGradient id="s" x2="0" y2="100%"><stop offset="0" stop-color="#bbb" stop-opacity=".1"/><stop offset="1" stop-opacity=".1"/></linearGradient>
<clipPath id="r"><rect width="${w}" height="20" rx="3" fill="#fff"/></clipPath>
<g clip-path="url(#r)"><rect width="${lw}" height="20" fill="#555"/><rect x="${lw}" width="${mw}" height="20" fill="${c}"/><rect width="${w}" height="20" fill="url(#s)"/></g>
<g fill="#fff" text-anchor="middle" font-family="Verdana,Geneva,DejaVu Sans,sans-serif" text-rendering="geometricPrecision" font-size="11">
<text x="${lw / 2}" y="15" fill="#010101" fill-opacity=".3" textLength="${lt}">${l}</text><text x="${lw / 2}" y="14" textLength="${lt}">${l}</text>
<text x="${lw + mw / 2}" y="15" fill="#010101" fill-opacity=".3" textLength="${mt}">${m}</text><text x="${lw + mw / 2}" y="14" textLength="${mt}">${m}</text>
</g>
</svg>
`;
}

/**
 * With OpenAI-parity counts the badge names both: "documented 100% (100/100) · parity 65% (65/100)", coloured
 * by the lower score, so a provider whose documented gaps all pass never shows a green "100%" on its own.
 */
export function scoreBadge(summary: Results['summary'], parity?: Results['summary']): string {
  const score = scoreOf(summary);
  if (!parity) return renderBadge('oai-compat', scoreText(score), scoreColor(score));
  const parityScore = scoreOf(parity);
  const lower = (parityScore.percent ?? 101) < (score.percent ?? 101) ? parityScore : score;
  return renderBadge('oai-compat', `documented ${scoreText(score)} · parity ${scoreText(parityScore)}`, scoreColor(lower));
}
