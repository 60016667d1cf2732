/**
 * The harness against a third-party OpenAI-compatible server the tests install (@dwmkerr/mock-llm, an echo
 * server): a complete run, and verdicts that follow from what that server does — it ignores sampling
 * controls, has no authentication, no usage, answers a content array with a 500 — never from its wording.
 */
import { describe, it, expect } from 'vitest';
import { mkdtemp, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { startMockLlm } from '../support/mock-llm.js';
import { cli } from '../support/cli.js';
import { validateResults } from '../../src/report/load.js';

describe('against @dwmkerr/mock-llm (not the emulator)', () => {
  it('completes, and fails exactly where the server departs from OpenAI', async () => {
    const mock = await startMockLlm();
    try {
      const out = await mkdtemp(join(tmpdir(), 'oai-compat-mockllm-'));
      const r = await cli(['run', '--base-url', mock.baseUrl, '--profile', 'openai', '--model', 'gpt-4', '--out', out, '--quiet'], { OAI_COMPAT_API_KEY: 'sk-mock-llm-accepts-anything-0000' });
      expect(r.code, r.stderr).toBe(1);
      const results = await validateResults(JSON.parse(await readFile(join(out, 'results.json'), 'utf8')));
      const verdict = (id: string) => results.cases.find((c) => c.id === id)?.verdict;
      // What it does like OpenAI: the shape of a completion and the SSE framing.
      for (const id of ['response.id', 'response.object', 'response.choices[].message.content', 'stream.done-sentinel', 'stream.data-only-events', 'stream.chunk-object', 'request.stream']) {
        expect(verdict(id), id).toBe('pass');
      }
      // What it does not: it echoes the prompt whatever is asked, checks no key, reports no usage, and has no
      // created timestamp; a content array crashes it (500); a malformed body gets a flat error object.
      for (const id of ['request.n', 'request.max_tokens', 'request.stop', 'request.temperature', 'error.bad-api-key', 'error.unknown-model', 'response.usage', 'response.created', 'message.content.parts', 'error.malformed-json']) {
        expect(verdict(id), id).toBe('fail');
      }
      expect(results.cases.find((c) => c.id === 'request.n')?.message).toMatch(/2 choices asked, 1 returned/);
    } finally {
      await mock.stop();
    }
  });
});
