import { describe, expect, it } from 'vitest';
import { RESULTS_SCHEMA_URL, validateResults } from '../../src/report/load.js';
import { sampleResults } from './fixtures.js';

describe('validateResults', () => {
  it('finds the schema two levels above the module (src/report and dist/report alike)', () => {
    expect(RESULTS_SCHEMA_URL.pathname).toMatch(/\/specs\/schema\/results\.schema\.json$/);
  });

  it('accepts the fixture the other tests build on', async () => {
    const r = sampleResults();
    await expect(validateResults(r)).resolves.toBe(r);
  });

  it('rejects another schema version with a clear word', async () => {
    await expect(validateResults({ ...sampleResults(), schema: 'oai-compat.results/v2' }, 'new.json')).rejects.toThrow(
      'new.json: unsupported results schema "oai-compat.results/v2" (this version reads "oai-compat.results/v1")',
    );
  });

  it('checks formats (date-time) and nested fields', async () => {
    await expect(validateResults({ ...sampleResults(), startedAt: 'yesterday' }, 'a.json')).rejects.toThrow(
      'a.json: invalid results: /startedAt must match format "date-time"',
    );
    await expect(validateResults([], 'b.json')).rejects.toThrow('b.json: not an oai-compat results document');
  });
});
