/**
 * The checks of the stream table (`stream.<rule>`), one per rule, with the properties the stream expander
 * (src/cases/stream.ts) runs them by: which shared streams each reads (src/cases/stream-requests.ts), whether
 * it needs the end of the stream, whether it is judged per usage mode. The rule itself (what it reads in the
 * bytes or chunks, and what breaks it) is the function of the same id in the file named.
 */
import type { StreamRow } from '../../spec/profile.types.js';
import type { StreamKind } from '../../cases/stream-requests.js';
import type { StreamRuleId } from '../../sse/index.js';
import type { CheckDef, StreamRuleProps } from './types.js';
import { SDK_RULES, sdkApi } from '../../cases/stream-sdk.js';

const FRAMING = 'src/sse/framing.ts';
const SEQUENCE = 'src/sse/sequence.ts';
const BOTH: StreamKind[] = ['baseline', 'tools'];
const ALL: StreamKind[] = ['baseline', 'usage', 'tools'];
const USAGE: StreamKind[] = ['baseline', 'usage'];
const TOOLS: StreamKind[] = ['tools'];

interface RuleNote {
  signal: string;
  file?: string;
  streams?: StreamKind[];
  needsEnd?: true;
  usageMode?: true;
  comparesNonStreamed?: true;
  judgesRefused?: true;
}

/** Every framing and sequence rule (typed by its id, so a rule added to src/sse/rules.ts needs its entry here). */
const RULES: Record<StreamRuleId, RuleNote> = {
  'content-type': { signal: 'the Content-Type header is text/event-stream', file: FRAMING },
  'data-only-events': { signal: 'every event carries data lines only', file: FRAMING },
  'done-sentinel': { signal: 'the stream ends with data: [DONE]', file: FRAMING, needsEnd: true },
  'nothing-after-done': { signal: 'no bytes after data: [DONE]', file: FRAMING, needsEnd: true },
  'final-blank-line': { signal: 'the last event ends with a blank line', file: FRAMING, needsEnd: true },
  'no-empty-events': { signal: 'no event without data', file: FRAMING },
  'no-sse-fields': { signal: 'no event:, id: or retry: fields (the SDKs mishandle them)', file: FRAMING },
  'no-double-data': { signal: 'no "data: data:" line', file: FRAMING },
  'json-data': { signal: 'every data line but [DONE] is JSON', file: FRAMING },
  incremental: { signal: "output arrives over several events, not one block (the reader's own stall is the control)", file: FRAMING, streams: BOTH },
  'chunk-object': { signal: 'every chunk is a chat.completion.chunk object', file: SEQUENCE },
  'stable-id': { signal: 'one id across the chunks', file: SEQUENCE },
  'role-first-only': { signal: 'delta.role on the first chunk of a choice only', file: SEQUENCE },
  'finish-reason-null-until-end': { signal: 'finish_reason null until the last chunk of a choice', file: SEQUENCE },
  'single-terminal-finish': { signal: 'exactly one finish_reason per choice', file: SEQUENCE, needsEnd: true },
  'tool-call-index': { signal: 'every tool-call delta carries an index', file: SEQUENCE, streams: TOOLS },
  'tool-call-distinct-indices': { signal: 'distinct calls have distinct indices', file: SEQUENCE, streams: TOOLS },
  'tool-call-first-fragment': { signal: "a call's first fragment carries its id, type and name", file: SEQUENCE, streams: TOOLS },
  'tool-call-arguments-json': { signal: "each call's reassembled arguments are JSON", file: SEQUENCE, streams: TOOLS, needsEnd: true },
  'usage-chunk': { signal: 'a usage chunk where the usage mode puts one', file: SEQUENCE, streams: USAGE, needsEnd: true, usageMode: true },
  'usage-chunk-empty-choices': {
    signal: 'the usage chunk has choices: []',
    file: SEQUENCE,
    streams: USAGE,
    needsEnd: true,
    usageMode: true,
  },
  'in-band-error': { signal: 'no error object inside a 200 stream', file: SEQUENCE, streams: ALL },
  complete: { signal: 'the stream ended with a finish_reason and [DONE]', file: SEQUENCE, streams: ALL, judgesRefused: true },
  'deltas-append': {
    signal: 'no delta repeats the text so far (the event number); the text against usage and the non-streamed answer is heuristic',
    file: 'src/sse/deltas.ts',
    streams: USAGE,
    comparesNonStreamed: true,
  },
};

const LABEL: Record<StreamKind, string> = { baseline: 'the baseline stream', usage: 'the include_usage stream', tools: 'the tool-call stream' };

function readsOf(p: StreamRuleProps): string {
  const streams = p.streams.map((k) => LABEL[k]).join(', ');
  const more = p.comparesNonStreamed ? ' and the non-streamed baseline' : '';
  return `${streams}${more} (shared${p.needsEnd ? '; needs the end of the stream' : ''})`;
}

function streamDef(id: string, props: StreamRuleProps, decides: CheckDef['decides'], file: string): CheckDef<StreamRow> {
  return { id: `stream.${id}`, area: 'stream', reads: readsOf(props), decides, file, stream: props, emulator: 'src/emulator/chat.ts' };
}

export const STREAM_CHECKS: readonly CheckDef<StreamRow>[] = [
  ...(Object.entries(RULES) as [StreamRuleId, RuleNote][]).map(([rule, n]) =>
    streamDef(
      rule,
      {
        run: { rule },
        streams: n.streams ?? ['baseline'],
        needsEnd: n.needsEnd,
        usageMode: n.usageMode,
        comparesNonStreamed: n.comparesNonStreamed,
        judgesRefused: n.judgesRefused,
      },
      { kind: 'protocol', signal: n.signal },
      n.file ?? SEQUENCE,
    ),
  ),
  // One check per client and mode (src/cases/stream-sdk.ts): the same recorded bytes replayed into each
  // openai-node major still run in the wild, so a stream one of them cannot read is reported per client.
  ...Object.entries(SDK_RULES).map(([id, rule]) =>
    streamDef(
      id,
      { run: { sdk: rule }, streams: BOTH, needsEnd: true },
      {
        kind: 'protocol',
        signal: `${rule.client.replace('openai-v', 'openai-node ')}'s ${sdkApi(rule)} reads the stream without throwing or losing data`,
      },
      'src/sse/sdk-oracle.ts',
    ),
  ),
  {
    ...streamDef(
      'prestream-error-status',
      { run: { prestream: true }, streams: ['baseline'] },
      { kind: 'status', signal: 'a streamed request for an unknown model refused with an HTTP status, not inside a 200 stream' },
      'src/cases/stream.ts',
    ),
    reads: 'one streamed request for an unknown model, and the baseline stream (shared: does the target stream at all)',
  },
  {
    // Any other rule id, when its row declares what must hold (`assert: {path, present, type}`): no code needed.
    ...streamDef(
      '*',
      { run: { declared: true }, streams: ['baseline'], needsEnd: true },
      { kind: 'protocol', signal: "the row's assertion (a JSON path over the data chunks: present in some, every or no chunk; its type)" },
      'src/cases/stream-declared.ts',
    ),
    matches: (_id: string, row: StreamRow) => row?.assert !== undefined,
  },
];
