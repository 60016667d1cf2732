/**
 * Reading a results.json someone hands us (diff, merge, matrix): parse, validate against the results
 * JSON Schema, and on any problem throw one line that names the file and says what is wrong, because
 * a CI log line like "baseline.json: /cases/3/verdict must be one of pass, fail, ..." is actionable and
 * a stack trace is not.
 */
import { readFile } from 'node:fs/promises';
import type { ErrorObject, ValidateFunction } from 'ajv';
import type { Results } from '../results/results.types.js';
import { depthExceededAt, MAX_JSON_DEPTH } from '../transport/json-depth.js';

/** src/report/load.ts and dist/report/load.js are both two levels below the package root. */
export const RESULTS_SCHEMA_URL = new URL('../../specs/schema/results.schema.json', import.meta.url);

export class ResultsFileError extends Error {
  constructor(
    readonly file: string,
    reason: string,
  ) {
    super(`${file}: ${reason}`);
    this.name = 'ResultsFileError';
  }
}

let validator: Promise<ValidateFunction<Results>> | undefined;

/** Compiled once per process: compiling the schema costs more than validating a file. ajv is loaded then, not before (a --help needs none). */
function getValidator(): Promise<ValidateFunction<Results>> {
  validator ??= Promise.all([readFile(RESULTS_SCHEMA_URL, 'utf8'), import('../spec/ajv.js')]).then(
    ([text, { compileSchema }]) => compileSchema(JSON.parse(text) as object) as ValidateFunction<Results>,
  );
  return validator;
}

function describeError(e: ErrorObject): string {
  const where = e.instancePath || '(document)';
  if (e.keyword === 'enum') {
    const allowed = (e.params as { allowedValues?: unknown[] }).allowedValues ?? [];
    return `${where} must be one of ${allowed.map((v) => JSON.stringify(v)).join(', ')}`;
  }
  return `${where} ${e.message ?? 'is invalid'}`;
}

/** Validate an already-parsed value; `file` is only used to name it in the error. */
export async function validateResults(value: unknown, file = 'results'): Promise<Results> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new ResultsFileError(file, 'not an oai-compat results document (expected a JSON object)');
  }
  const declared = (value as { schema?: unknown }).schema;
  if (declared !== 'oai-compat.results/v1') {
    // Say what it is before listing schema errors: a v2 file or someone's package.json deserve a clear word.
    throw new ResultsFileError(
      file,
      declared === undefined
        ? 'not an oai-compat results document (no "schema" field)'
        : `unsupported results schema ${JSON.stringify(declared)} (this version reads "oai-compat.results/v1")`,
    );
  }
  const validate = await getValidator();
  if (!validate(value)) {
    const first = validate.errors?.[0];
    throw new ResultsFileError(file, `invalid results: ${first ? describeError(first) : 'schema validation failed'}`);
  }
  return value;
}

/** Read, parse and validate one results file. Throws ResultsFileError with a one-line reason. */
export async function readResultsFile(file: string): Promise<Results> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    const reason = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a directory, not a results file' : `cannot read (${code ?? String(err)})`;
    throw new ResultsFileError(file, reason);
  }
  // Deep nesting parses, but every later walk (validation, merging, rendering) would overflow the stack.
  const deep = depthExceededAt(text);
  if (deep >= 0) throw new ResultsFileError(file, `nested deeper than ${MAX_JSON_DEPTH} levels (at character ${deep}): not an oai-compat results document`);
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    throw new ResultsFileError(file, `not valid JSON (${(err as Error).message.split('\n')[0]})`);
  }
  return validateResults(value, file);
}
