/** Adding a provider is one YAML file: it validates, its emulator impersonates it, and its deviations are cases. */
import { describe, it, expect } from 'vitest';
import { fileURLToPath } from 'node:url';
import { runCases } from '../support/run-cases.js';

const FILE = fileURLToPath(new URL('../fixtures/profiles/new-provider.yaml', import.meta.url));

describe('a provider added with one YAML file and no code', () => {
  it('passes against its own emulator', async () => {
    const r = await runCases({ profile: FILE });
    expect(r.failing).toEqual([]);
    for (const id of ['request.n', 'request.logprobs', 'request.top_k', 'response.system_fingerprint', 'endpoint.embeddings', 'endpoint.rerank']) {
      expect(r.byId.get(id), id).toBeDefined();
    }
    expect(r.byId.get('request.n')?.observed).toBe('ignored');
    expect(r.byId.get('request.logprobs')?.observed).toBe('rejected');
  });

  it('against the OpenAI emulator, its own rows are what fails', async () => {
    const r = await runCases({ profile: FILE, emulate: 'openai', model: 'gpt-4o-mini' });
    expect(r.failing.sort()).toEqual([
      'endpoint.embeddings',
      'endpoint.rerank',
      'error.n-too-large',
      'error.n-zero',
      // The OpenAI emulator has no beta path (404); it accepts a reasoning_content sent back, new-provider refuses it.
      'message.prefix',
      'message.reasoning_content',
      'request.logprobs',
      'request.n',
      'request.top_logprobs',
      'response.system_fingerprint',
    ]);
  });
});
