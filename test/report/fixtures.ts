/**
 * Fixture builders for the report tests: small, valid Results documents with the shapes the runner
 * writes, plus deliberately hostile strings (markup, pipes, newlines) where a target controls text.
 */
import type { CaseResult, ExchangeRecord, Results } from '../../src/results/results.types.js';
import type { CommandIO } from '../../src/report/command.js';

export const HOSTILE_SCRIPT = '<script>alert(1)</script>';
export const HOSTILE_IMG = '<img src=x onerror="window.__pwned=1">';
export const HOSTILE_MESSAGE = `expected 400, got 200 | body said ${HOSTILE_SCRIPT}\nsecond line [click](javascript:alert(1)) *bold*`;

export function makeCase(over: Partial<CaseResult> & { id: string }): CaseResult {
  const area = (over.area ?? over.id.split('.')[0]) as CaseResult['area'];
  return {
    area,
    subject: over.id.split('.').slice(1).join('.'),
    declared: 'supported',
    observed: 'supported',
    verdict: 'pass',
    confidence: 'decisive',
    source: 'parallel-chat-api.md · Supported parameters',
    sourceUrl: 'https://docs.parallel.ai/chat-api#parameters',
    message: 'behaves as documented',
    evidence: {},
    ...over,
  };
}

export function summaryOf(cases: CaseResult[]): Results['summary'] {
  const s = { pass: 0, fail: 0, skip: 0, inconclusive: 0 };
  for (const c of cases) s[c.verdict]++;
  return s;
}

export function makeResults(cases: CaseResult[], over: Partial<Results> = {}): Results {
  return {
    schema: 'oai-compat.results/v1',
    tool: { name: 'oai-compat', version: '0.1.0' },
    target: { baseUrl: 'https://api.example.test/v1', profile: 'parallel', model: 'speed' },
    startedAt: '2026-01-10T10:00:00.000Z',
    finishedAt: '2026-01-10T10:00:42.500Z',
    requests: { sent: cases.length, retried: 0, shared: 0 },
    summary: summaryOf(cases),
    cases,
    ...over,
  };
}

export function makeExchange(id: string, over: Partial<ExchangeRecord> = {}): ExchangeRecord {
  return {
    id,
    request: {
      method: 'POST',
      url: 'https://api.example.test/v1/chat/completions',
      headers: { 'content-type': 'application/json', authorization: '[redacted]' },
      body: JSON.stringify({ model: 'speed', messages: [{ role: 'user', content: 'Say hi' }], max_tokens: 5 }),
    },
    response: {
      status: 200,
      headers: { 'content-type': 'application/json', 'x-request-id': 'req_123' },
      body: JSON.stringify({
        id: 'chatcmpl-1',
        object: 'chat.completion',
        choices: [{ index: 0, message: { role: 'assistant', content: 'hi' }, finish_reason: 'stop' }],
      }),
      bodyBytes: 140,
      truncated: false,
    },
    timings: { startedAt: '2026-01-10T10:00:01.000Z', headersMs: 120, firstByteMs: 121, totalMs: 130 },
    ...over,
  };
}

/**
 * A realistic run against a provider with documented gaps: cases in five areas, every verdict,
 * parity on some cases, shared exchanges, and hostile text in a message, an observed value and a body.
 */
export function sampleResults(): Results {
  const exchanges: ExchangeRecord[] = [
    makeExchange('x1'),
    makeExchange('x2', {
      request: {
        method: 'POST',
        url: 'https://api.example.test/v1/chat/completions',
        headers: { 'content-type': 'application/json' },
        body: '{"messages":[]}',
      },
      response: {
        status: 200,
        headers: { 'content-type': 'text/html' },
        body: `<html><body>${HOSTILE_SCRIPT}${HOSTILE_IMG}<a href="javascript:alert(2)">x</a></body></html>`,
        bodyBytes: 120,
        truncated: false,
      },
    }),
    makeExchange('x3', {
      request: { method: 'POST', url: 'https://api.example.test/v1/chat/completions', headers: {}, body: '{"stream":true}' },
      response: {
        status: 200,
        headers: { 'content-type': 'text/event-stream' },
        body: 'data: {"choices":[{"delta":{"content":"hi"}}]}\n\n',
        bodyBytes: 48,
        truncated: true,
        reads: [
          [10, 24],
          [20, 24],
        ],
      },
    }),
    makeExchange('x4', { response: undefined, error: { kind: 'headers-timeout', message: 'no headers within 60000 ms' } }),
  ];
  const cases: CaseResult[] = [
    makeCase({
      id: 'request.max_tokens',
      declared: 'supported',
      observed: 'supported',
      evidence: { completion_tokens: 5, asked: 5 },
      exchanges: ['x1'],
      requests: 1,
      durationMs: 130,
    }),
    makeCase({
      id: 'request.n',
      declared: 'ignored',
      observed: 'ignored',
      message: 'choices 1, asked 2',
      parity: { declared: 'supported', verdict: 'fail', message: 'OpenAI returns 2 choices' },
      exchanges: ['x1'],
    }),
    makeCase({
      id: 'request.logprobs',
      declared: 'rejected',
      observed: 'ignored',
      verdict: 'fail',
      message: HOSTILE_MESSAGE,
      evidence: { status: 200, body: HOSTILE_SCRIPT },
      exchanges: ['x2', 'x-missing'],
      parity: { declared: 'supported', verdict: 'pass' },
    }),
    makeCase({ id: 'response.usage.total_tokens', declared: 'populated', observed: `populated | ${HOSTILE_IMG}`, exchanges: ['x1'] }),
    makeCase({
      id: 'stream.done-sentinel',
      declared: 'present',
      observed: 'absent',
      verdict: 'fail',
      message: 'stream ended without data: [DONE]',
      exchanges: ['x3'],
      sourceUrl: null,
    }),
    makeCase({
      id: 'error.missing-messages',
      declared: 'rejected',
      observed: 'unobservable',
      verdict: 'skip',
      confidence: 'unobservable',
      message: 'not applicable to this model',
      source: null,
      sourceUrl: null,
    }),
    makeCase({
      id: 'performance.ttft',
      declared: 'under 2000 ms',
      observed: 'timeout',
      verdict: 'inconclusive',
      confidence: 'heuristic',
      message: 'did not settle in 3 samples',
      exchanges: ['x4'],
      sourceUrl: 'javascript:alert(3)',
    }),
  ];
  return makeResults(cases, { exchanges, requests: { sent: 4, retried: 1, shared: 3 } });
}

/** A CommandIO that records what a command prints. */
export function captureIO(): CommandIO & { out: string; err: string } {
  const io = {
    out: '',
    err: '',
    stdout: (t: string) => void (io.out += t),
    stderr: (t: string) => void (io.err += t),
  };
  return io;
}

/** Three targets: the sample provider, OpenAI itself (all pass), and a labelled gateway that never ran the stream cases. */
export function matrixRuns(): Results[] {
  const parallel = sampleResults();
  const openai = makeResults(
    parallel.cases.map((c) => ({
      ...c,
      verdict: 'pass' as const,
      observed: c.declared,
      message: 'as documented',
      source: 'wire-format.md',
      sourceUrl: 'https://platform.openai.com/docs/api-reference/chat',
    })),
    { target: { baseUrl: 'https://api.openai.com/v1', profile: 'openai', model: 'gpt-4o-mini' } },
  );
  const gateway = makeResults(
    [
      makeCase({ id: 'request.max_tokens', verdict: 'fail', observed: `ignored ${HOSTILE_SCRIPT}`, message: 'completion_tokens 212 vs 5' }),
      makeCase({ id: 'request.n', verdict: 'pass', observed: 'ignored' }),
      makeCase({ id: 'endpoint.embeddings', verdict: 'pass', observed: 'supported' }),
    ],
    { target: { baseUrl: 'https://gw.example.test/openai/v1', profile: 'flexai', model: 'llama-3.1-8b', label: 'FlexAI gateway' } },
  );
  return [parallel, openai, gateway];
}
