/**
 * The checks of the endpoints table (`endpoint.<id>`): the operations with a shape of their own, any other
 * operation a request can be built for (a known one, or a row with `path:`), and the variant cases a supported
 * row adds (`endpoint.<id>.<name>`). The observe/judge of each is in src/checks/endpoints/probe.ts.
 */
import type { EndpointRow } from '../../spec/profile.types.js';
import { option } from '../endpoints/operations.js';
import { base64Check, hasOperation, mainCheck, nullFormatCheck, streamCheck, type Shape } from '../endpoints/probe.js';
import { modelListProblems, modelRetrieveProblems } from '../endpoints/models.js';
import { embeddingFloatProblems } from '../endpoints/embeddings.js';
import { legacyCompletionProblems, legacyStreamProblems } from '../endpoints/completions.js';
import { responsesProblems, responsesStreamProblems } from '../endpoints/responses.js';
import type { CheckDef } from './types.js';

const REFUSAL = 'refused with an error envelope when declared unsupported';
const EMULATOR = 'src/emulator/endpoints/';

function shaped(op: string, shape: CheckDef['decides']['signal'], file: string, check: ReturnType<typeof mainCheck>): CheckDef<EndpointRow> {
  return {
    id: `endpoint.${op}`,
    area: 'endpoint',
    reads: `one request to the ${op} operation (src/checks/endpoints/operations.ts)`,
    decides: { kind: 'protocol', signal: `${shape}; ${REFUSAL}` },
    file,
    emulator: EMULATOR,
    check,
  };
}

const none: Shape = () => [];
const supported = (row: EndpointRow) => row.status !== 'unsupported';

export const ENDPOINT_CHECKS: readonly CheckDef<EndpointRow>[] = [
  shaped(
    'models',
    'a list object of model objects',
    'src/checks/endpoints/models.ts',
    mainCheck(() => modelListProblems),
  ),
  shaped(
    'model-retrieve',
    'a model object for the model asked',
    'src/checks/endpoints/models.ts',
    mainCheck((p) => (f, row) => modelRetrieveProblems(f, row, p.endpoints?.models)),
  ),
  shaped(
    'embeddings',
    'a list of float vectors, one per input',
    'src/checks/endpoints/embeddings.ts',
    mainCheck(() => embeddingFloatProblems),
  ),
  shaped(
    'completions',
    'a text_completion with choices[].text',
    'src/checks/endpoints/completions.ts',
    mainCheck(() => legacyCompletionProblems),
  ),
  shaped(
    'responses',
    'a response object with output',
    'src/checks/endpoints/responses.ts',
    mainCheck(() => responsesProblems),
  ),
  {
    id: 'endpoint.*',
    matches: (id, row) => hasOperation(id.slice('endpoint.'.length), row),
    rows: 'a known operation (operations.ts) or a row with `path:`',
    area: 'endpoint',
    reads: "one request to the operation (a known one, or the row's `path:` and `method:`)",
    decides: { kind: 'protocol', signal: `a 2xx JSON object (no shape of its own); ${REFUSAL}` },
    file: 'src/checks/endpoints/probe.ts',
    emulator: EMULATOR,
    check: mainCheck(() => none),
  },
  {
    id: 'endpoint.embeddings.base64',
    variant: { of: 'embeddings', when: supported },
    area: 'endpoint',
    reads: "one embeddings request with encoding_format base64, and the main case's float request (shared)",
    decides: { kind: 'protocol', signal: 'base64 strings that decode to the float vectors' },
    file: 'src/checks/endpoints/embeddings.ts',
    emulator: EMULATOR,
    check: base64Check,
  },
  {
    id: 'endpoint.embeddings.encoding-format-null',
    variant: {
      of: 'embeddings',
      when: (row) => supported(row) && ['rejected', 'accepted'].includes(option(row, 'encodingFormatNull', 'string') ?? ''),
    },
    area: 'endpoint',
    reads: "one embeddings request with encoding_format null, and the main case's float request (shared control)",
    decides: { kind: 'status', signal: 'refused (4xx envelope) or accepted as options.encodingFormatNull says, the control accepted' },
    file: 'src/checks/endpoints/probe.ts',
    emulator: EMULATOR,
    check: nullFormatCheck,
  },
  {
    id: 'endpoint.completions.stream',
    variant: { of: 'completions', when: (row) => supported(row) && Boolean(row.streaming) },
    area: 'endpoint',
    reads: 'one streamed legacy completions request',
    decides: { kind: 'protocol', signal: 'an event stream of well-formed text_completion chunks' },
    file: 'src/checks/endpoints/completions.ts',
    emulator: EMULATOR,
    check: streamCheck(legacyStreamProblems),
  },
  {
    id: 'endpoint.responses.stream',
    variant: { of: 'responses', when: (row) => supported(row) && Boolean(row.streaming) },
    area: 'endpoint',
    reads: 'one streamed responses request',
    decides: { kind: 'protocol', signal: 'an event stream of well-formed typed response events' },
    file: 'src/checks/endpoints/responses.ts',
    emulator: EMULATOR,
    check: streamCheck(responsesStreamProblems),
  },
];
