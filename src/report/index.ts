/**
 * The report package's public surface: everything that reads results.json and nothing else.
 * The runner calls writeReports; the CLI dispatches `diff`, `merge` and `matrix` to the *Command functions.
 */
export { renderMarkdown, appendStepSummary } from './markdown.js';
export { renderHtml } from './html.js';
export { writeReports, type WrittenReports } from './write.js';
export { diffResults, formatDiff, diffCommand, DIFF_USAGE, type ResultsDiff, type CaseChange } from './diff.js';
export { mergeResults, mergeCommand, missingShards, MergeError, MERGE_USAGE } from './merge.js';
export {
  buildMatrix,
  writeMatrixSite,
  matrixCommand,
  MATRIX_USAGE,
  type Matrix,
  type MatrixTarget,
  type MatrixCase,
  type MatrixCell,
} from './matrix.js';
export { renderMatrixHtml } from './matrix-html.js';
export { renderMatrixMarkdown } from './matrix-markdown.js';
export { scoreOf, scoreText, scoreBadge, type Score } from './badge.js';
export { readResultsFile, validateResults, ResultsFileError, RESULTS_SCHEMA_URL } from './load.js';
export type { CommandIO } from './command.js';
