/**
 * Exit codes and the one error that stops a command with a single line: a bad file named with its
 * place (a cassette line, a profile's line:column), as opposed to a bad flag, which also prints usage.
 */
export const EXIT = {
  ok: 0,
  /** Failures (or regressions against a baseline). */
  failures: 1,
  /** Usage, profile or input error: nothing was sent. */
  input: 2,
  /** The target could not be tested: unreachable, refused everything, or stopped answering. */
  untestable: 3,
  /** The harness itself failed: its results are not a conformance verdict. */
  harness: 4,
  /** Interrupted by SIGINT / SIGTERM (128 + the signal's number, as shells report it). */
  sigint: 130,
  sigterm: 143,
} as const;

/** A bad input file or folder: one line, exit 2, no usage text. */
export class InputError extends Error {
  override readonly name = 'InputError';
}
