/**
 * Faults for the Responses API as a mock server serves it: what Prism (@stoplight/prism-cli) does with OpenAI's
 * OpenAPI description (the third-party test bed, docs/third-party.md). A mock answers every create with the one
 * example Response, whatever was asked, and answers stream: true with that JSON too (its content negotiation
 * follows the Accept header, which clients set to application/json). Each fault reproduces one of the two, so
 * the catalogue proves the checks report each as one true finding and leave the rest unobservable.
 */
import type { Fault, FaultContext } from './types.js';

type Obj = Record<string, unknown>;

const R = (key: string) => `responses.${key}`;
const bodyOf = (ctx: FaultContext): Obj => (ctx.body && typeof ctx.body === 'object' ? (ctx.body as Obj) : {});

/** The one example a fixed-answer mock serves (shaped like Prism's: a whole, consistent Response). */
const FIXED_ID = 'resp_fixed0example0000000000000000000000000000';
const fixedResponse = (): Obj => ({
  id: FIXED_ID,
  object: 'response',
  created_at: 1741476777,
  status: 'completed',
  completed_at: 1741476778,
  error: null,
  incomplete_details: null,
  instructions: null,
  max_output_tokens: null,
  model: 'gpt-4o-2024-08-06',
  output: [
    {
      type: 'message',
      id: 'msg_fixed0example',
      status: 'completed',
      role: 'assistant',
      content: [{ type: 'output_text', text: 'The image depicts a scenic landscape with a wooden boardwalk through green grass.', annotations: [] }],
    },
  ],
  parallel_tool_calls: true,
  previous_response_id: null,
  store: true,
  temperature: 1,
  text: { format: { type: 'text' } },
  tool_choice: 'auto',
  tools: [],
  top_p: 1,
  usage: {
    input_tokens: 328,
    input_tokens_details: { cached_tokens: 0 },
    output_tokens: 52,
    output_tokens_details: { reasoning_tokens: 0 },
    total_tokens: 380,
  },
  metadata: {},
});

export const responsesMockFaults: Fault[] = [
  {
    id: 'responses-fixed-answer',
    description: 'every Responses create (not streamed) and every retrieval, whatever the id, is answered with one fixed example Response',
    // What the answer must echo, or must contain, is decisively missing; what only its text, usage or status could
    // show (a limit, a JSON mode, store: false) is unobservable on an answer that never follows the request.
    catches: [R('instructions'), R('previous-response-id'), R('function-call-forced')],
    unsettles: [R('max-output-tokens'), R('text-format-json-object'), R('text-format-json-schema'), R('store')],
    evidence: 'Prism mocking openai-openapi.yaml: the same example Response (one id) for every POST /responses and GET /responses/{id}',
    handle: (req, res, ctx) => {
      if (req.method !== 'GET' || !ctx.route.startsWith('/responses/')) return false;
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify(fixedResponse()));
      return true;
    },
    // A mock looks nothing up: a follow-up on an id it never stored is answered like any create.
    responsesRequest: ({ previous_response_id: _p, ...rest }) => rest,
    responses: (a, ctx) => {
      // After the emulator's own validation (a bad request is still refused), and not on streams.
      if (ctx.body !== undefined && bodyOf(ctx).stream !== true) a.response = fixedResponse();
    },
  },
  {
    id: 'responses-stream-as-json',
    description: 'stream: true on /responses is answered with the one JSON Response (application/json), never an event stream',
    // One finding: the stream rules have nothing to read and skip, naming it; the SDK replay has nothing to replay.
    catches: [R('stream-events')],
    unsettles: [
      R('stream-sequence-number'),
      R('stream-indices'),
      R('stream-reassembly'),
      R('stream-terminal'),
      R('stream-final-response'),
      R('stream-error-event'),
      R('stream-sdk'),
    ],
    evidence: 'Prism mocking openai-openapi.yaml: stream: true with Accept application/json gets the JSON example',
    responsesRequest: (body) => (body.stream === true ? { ...body, stream: false } : body),
  },
];
