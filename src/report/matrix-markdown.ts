/**
 * matrix.md: the compatibility matrix as GitHub-flavoured markdown, for a README or a pull request.
 * A score table first, then one table per area with a column per target; each cell is the verdict
 * mark and the observed value (escaped: observed values come from the targets).
 */
import { countsText, groupByArea, VERDICT_LEGEND } from './areas.js';
import { scoreText } from './badge.js';
import { mdCode, mdLink, mdText, safeHttpUrl } from './escape.js';
import { VERDICT_MARK } from './labels.js';
import { cellIndex, type Matrix, type MatrixCell } from './matrix-model.js';

/** Observed values are short by nature; a long one would make every column unreadable. */
const OBSERVED_LIMIT = 60;

function cellText(cell: MatrixCell | undefined): string {
  if (!cell) return '—';
  const observed = cell.observed.length > OBSERVED_LIMIT ? `${cell.observed.slice(0, OBSERVED_LIMIT)}…` : cell.observed;
  // Each target's profile cites its own documentation, so the source link belongs to the cell, not the row.
  const source = safeHttpUrl(cell.sourceUrl) ? ` ${mdLink('§', cell.sourceUrl)}` : '';
  const parity = cell.parity ? ` (OpenAI parity ${VERDICT_MARK[cell.parity.verdict]})` : '';
  return `${VERDICT_MARK[cell.verdict]} ${mdCode(observed)}${parity}${source}`.replace(/\s+$/, '');
}

export function renderMatrixMarkdown(m: Matrix): string {
  const lines: string[] = [`# ${mdText(m.title)}`, ''];
  const row = (cells: string[]) => `| ${cells.join(' | ')} |`;

  lines.push(row(['Target', 'Where', 'Profile', 'Model', 'Score', 'Pass', 'Fail', 'Skip', 'Inconclusive', 'OpenAI parity']));
  lines.push(row(Array(10).fill('---')));
  for (const t of m.targets) {
    lines.push(
      row([
        `![${mdText(scoreText(t.score))}](${t.badge}) ${mdText(t.label)}`,
        mdText(t.host),
        mdCode(t.profile),
        mdCode(t.model),
        mdText(scoreText(t.score)),
        String(t.summary.pass),
        String(t.summary.fail),
        String(t.summary.skip),
        String(t.summary.inconclusive),
        t.parity && t.parityScore ? mdText(`${scoreText(t.parityScore)}: ${countsText(t.parity)}`) : '—',
      ]),
    );
  }
  lines.push(
    '',
    `${mdText(VERDICT_LEGEND)}. Score = pass / (pass + fail) as documented; OpenAI parity counts the same observations judged against OpenAI's profile: skipped and inconclusive cases are not counted. § links to the documentation a verdict was judged against. ${VERDICT_MARK.pass} pass · ${VERDICT_MARK.fail} fail · ${VERDICT_MARK.skip} skip · ${VERDICT_MARK.inconclusive} inconclusive · — not run.`,
    '',
  );

  const index = cellIndex(m);
  const header = ['Case', ...m.targets.map((t) => `${mdText(t.label)}<br>${mdText(t.host)}`)];
  for (const [area, cases] of groupByArea(m.cases)) {
    lines.push(`## ${area[0]!.toUpperCase()}${area.slice(1)}`, '');
    lines.push(row(header), row(header.map(() => '---')));
    for (const c of cases) {
      const cells = m.targets.map((t) => index.get(c.id)?.get(t.slug));
      lines.push(row([mdCode(c.id), ...cells.map(cellText)]));
    }
    lines.push('');
  }
  return lines.join('\n');
}
