/**
 * Endpoint and extension cases: every profile's emulator, OpenAI parity where a provider does not offer
 * an operation, one profile against another's emulator, the embeddings encodings, the cost of per-model
 * extension checks, and extensions on models and errors from a fixture profile.
 */
import { describe, it, expect } from 'vitest';
import { fileURLToPath } from 'node:url';
import { decodeBase64Floats } from '../../src/checks/endpoints/embeddings.js';
import { resolveOperation } from '../../src/checks/endpoints/operations.js';
import { embed, toBase64 } from '../../src/emulator/endpoints/embeddings.js';
import { runCases } from '../support/run-cases.js';

const FIXTURE = fileURLToPath(new URL('./fixtures/extras.yaml', import.meta.url));
const AREAS = 'endpoint.,extension.';

describe('operations and encodings', () => {
  it("resolves an operation's route from the row or the table, and knows when it cannot", () => {
    expect(resolveOperation('model-retrieve', {}, 'a/b')).toEqual({ method: 'GET', path: '/models/a%2Fb', body: undefined });
    expect(resolveOperation('embeddings', {}, 'e')?.body).toMatchObject({ model: 'e', input: expect.any(String) });
    expect(resolveOperation('fine-tuning', { method: 'POST', path: '/fine-tuning' }, 'm')).toMatchObject({
      method: 'POST',
      path: '/fine-tuning',
      body: { model: 'm' },
    });
    expect(resolveOperation('widgets', {}, 'm')).toBeUndefined();
  });

  it('base64 embeddings decode as little-endian float32 to the float vector', () => {
    const v = embed('m', 'text', 16);
    expect(decodeBase64Floats(toBase64(v))).toEqual(v);
    expect(decodeBase64Floats('AAAA=')).toMatch(/not valid base64/);
    expect(decodeBase64Floats('AAAAAAA=')).toMatch(/not a whole number of float32/);
  });
});

describe('against the emulators', () => {
  for (const p of ['openai', 'parallel', 'parasail-bifrost', 'flexai', FIXTURE]) {
    const name = p === FIXTURE ? 'fixture (model and error extensions)' : p;
    it(`${name}: every endpoint and extension case passes against its own emulator`, async () => {
      const r = await runCases({ profile: p, only: AREAS });
      expect(r.failing, JSON.stringify(r.failing.map((id) => `${id}: ${r.byId.get(id)?.message}`))).toEqual([]);
      const notPassed = r.cases.filter((c) => c.verdict !== 'pass').map((c) => c.id);
      expect(notPassed).toEqual(p === FIXTURE ? ['endpoint.widgets'] : []);
    });
  }

  it('fixture: an operation without a path has no check (inconclusive, nothing sent; validate refuses it); extensions on models and errors are checked', async () => {
    const r = await runCases({ profile: FIXTURE, only: AREAS });
    expect(r.byId.get('endpoint.widgets')?.verdict).toBe('inconclusive');
    expect(r.byId.get('endpoint.widgets')?.message).toMatch(/no check verifies this row/);
    expect(r.byId.get('extension.context_window')?.observed).toBe('present on gpt-4o-mini');
    expect(r.byId.get('extension.help_url')?.message).toMatch(/as declared \(present in error/);
    expect(r.byId.get('extension.request_trace')?.verdict).toBe('pass');
  });

  it('parasail-bifrost: OpenAI parity fails exactly on the operations Bifrost does not offer for Parasail', async () => {
    const r = await runCases({ profile: 'parasail-bifrost', only: 'endpoint.' });
    const parityFails = r.cases
      .filter((c) => c.parity?.verdict === 'fail')
      .map((c) => c.id)
      .sort();
    expect(parityFails).toEqual(['endpoint.completions', 'endpoint.embeddings']);
  });

  it('the OpenAI profile against the Bifrost emulator fails exactly the operations it refuses', async () => {
    const r = await runCases({ profile: 'openai', emulate: 'parasail-bifrost', only: 'endpoint.' });
    expect(r.failing.sort()).toEqual(['endpoint.completions', 'endpoint.completions.stream', 'endpoint.embeddings', 'endpoint.embeddings.base64']);
    expect(r.byId.get('endpoint.embeddings')?.message).toMatch(/answered 400 .*unsupported_operation.*declared supported/);
  });

  it("the FlexAI profile against the OpenAI emulator fails on its embedding model, the models' category and the Responses API it does not list", async () => {
    const r = await runCases({ profile: 'flexai', emulate: 'openai', only: 'endpoint.' });
    expect(r.failing.sort()).toEqual(['endpoint.embeddings', 'endpoint.embeddings.base64', 'endpoint.model-retrieve', 'endpoint.models', 'endpoint.responses']);
    expect(r.byId.get('endpoint.embeddings')?.message).toMatch(/answered 404 .*model_not_found/);
    expect(r.byId.get('endpoint.models')?.message).toMatch(/has no category/);
    expect(r.byId.get('endpoint.responses')?.message).toMatch(/declared unsupported/);
    // bge-m3 is unknown there, so a refusal of encoding_format null proves nothing about null.
    expect(r.byId.get('endpoint.embeddings.encoding-format-null')?.verdict).toBe('inconclusive');
  });

  it('parallel basis: one request per listed model, the model under test reusing the shared baseline', async () => {
    const r = await runCases({ profile: 'parallel', only: 'extension.basis' });
    const c = r.byId.get('extension.basis')!;
    expect(c.verdict).toBe('pass');
    expect(r.sent).toBe(4);
    expect(String((c.evidence as Record<string, unknown>).requests)).toMatch(/one request per model \(4\)/);
  });
});
