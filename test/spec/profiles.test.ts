/**
 * The shipped profiles (specs/*.yaml) as data: each validates against the profile schema, and every `source` /
 * `seeAlso` names a document the profile declares and a table or section that exists in that document's text.
 */
import { describe, it, expect } from 'vitest';
import { readFileSync, readdirSync, existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import type { Profile } from '../../src/spec/profile.types.js';
import { newAjv, compileForeignSchema } from '../../src/spec/ajv.js';
import { loadDocument, normalise, profileRows, splitSource } from '../../src/spec/coverage.js';

const SPECS = fileURLToPath(new URL('../../specs/', import.meta.url));
const SOURCES = `${SPECS}sources`;
const FILES = readdirSync(SPECS)
  .filter((f) => f.endsWith('.yaml'))
  .sort();
const read = (file: string) => parse(readFileSync(`${SPECS}${file}`, 'utf8')) as Profile;
const validate = newAjv().compile(JSON.parse(readFileSync(`${SPECS}schema/profile.schema.json`, 'utf8')));

describe('the shipped profiles', () => {
  it('are the documented providers', () => {
    expect(FILES).toEqual([
      'anthropic.yaml',
      'azure-openai.yaml',
      'cerebras.yaml',
      'deepseek.yaml',
      'fireworks.yaml',
      'flexai.yaml',
      'gemini.yaml',
      'groq.yaml',
      'llamacpp.yaml',
      'ollama.yaml',
      'openai.yaml',
      'openrouter.yaml',
      'parallel.yaml',
      'parasail-bifrost.yaml',
      'together.yaml',
      'vllm.yaml',
    ]);
  });

  describe.each(FILES)('%s', (file) => {
    const profile = read(file);

    it('validates against specs/schema/profile.schema.json', () => {
      const ok = validate(profile);
      expect(validate.errors ?? [], JSON.stringify(validate.errors, null, 2)).toEqual([]);
      expect(ok).toBe(true);
    });

    it('is named after its file, and its parent exists', () => {
      expect(`${profile.profile}.yaml`).toBe(file);
      if (profile.extends) expect(existsSync(`${SPECS}${profile.extends}.yaml`)).toBe(true);
    });

    it('declares only documents that exist in specs/sources, each cited or superseded', () => {
      const declared = Object.keys(profile.documents ?? {});
      expect(declared.length).toBeGreaterThan(0);
      const cited = new Set(
        profileRows(profile)
          .flatMap((r) => [r.source, ...r.seeAlso])
          .filter(Boolean)
          .map((s) => splitSource(s!).file),
      );
      const superseded = new Set(Object.values(profile.documents ?? {}).flatMap((d) => d.supersedes ?? []));
      for (const doc of declared) {
        expect(existsSync(`${SOURCES}/${doc}`), doc).toBe(true);
        expect(cited.has(doc) || superseded.has(doc), `${doc} is neither cited nor superseded`).toBe(true);
      }
      for (const old of superseded) expect(declared, `supersedes ${old}`).toContain(old);
    });

    it('cites, in every source and seeAlso, a declared document and a table or section that exists in it', () => {
      const bad: string[] = [];
      const rows = profileRows(profile);
      expect(rows.length).toBeGreaterThan(0);
      for (const r of rows) {
        if (!r.source) bad.push(`${r.id}: no source`);
        for (const s of [r.source, ...r.seeAlso].filter((x): x is string => !!x)) {
          const { file, title } = splitSource(s);
          if (!profile.documents?.[file]) {
            bad.push(`${r.id}: ${s}: ${file} is not declared in documents`);
            continue;
          }
          const doc = loadDocument(SOURCES, file);
          if (!doc.sections.some((t) => normalise(t) === normalise(title))) bad.push(`${r.id}: ${s}: no table or section "${title}" in ${file}`);
        }
      }
      for (const [file, d] of Object.entries(profile.documents ?? {})) {
        const doc = loadDocument(SOURCES, file);
        for (const title of Object.keys(d.tables ?? {})) {
          if (!doc.sections.some((t) => normalise(t) === normalise(title))) bad.push(`documents.${file}.tables: no table or section "${title}"`);
        }
      }
      expect(bad).toEqual([]);
    });

    it('compiles every extension schema, and models name only declared extensions', () => {
      for (const [name, ext] of Object.entries(profile.extensions ?? {})) {
        expect(() => compileForeignSchema(ext.schema), name).not.toThrow();
        for (const m of ext.models ?? []) expect(profile.models?.[m], `${name} names model ${m}`).toBeDefined();
      }
      for (const [id, m] of Object.entries(profile.models ?? {})) {
        for (const e of m.extensions ?? []) expect(profile.extensions?.[e], `${id} names extension ${e}`).toBeDefined();
      }
    });
  });

  it('declares error statuses as a 4xx class, an exact 4xx, or 2xx (a bad value in a field the provider ignores)', () => {
    for (const file of FILES) {
      for (const [id, row] of Object.entries(read(file).errors ?? {})) {
        expect(String(row.status), `${file} errors.${id}`).toMatch(/^(2xx|4xx|4\d\d)$/);
      }
    }
  });
});

describe('profile contents the documents pin down', () => {
  it("Parallel's basis schema accepts the documented FieldBasis shape and refuses an unknown confidence", () => {
    const basis = read('parallel.yaml').extensions!.basis;
    expect(basis.models).toEqual(['lite', 'base', 'core']);
    const check = compileForeignSchema(basis.schema);
    const good = [
      { field: 'founded', citations: [{ url: 'https://example.com', excerpts: ['2023'], title: null }], reasoning: 'stated on the site', confidence: 'high' },
      { field: 'hq', citations: [{ url: 'https://example.com/about', excerpts: null }], reasoning: 'inferred', confidence: null },
    ];
    expect(check(good), JSON.stringify(check.errors)).toBe(true);
    expect(check([{ ...good[0], confidence: 'certain' }])).toBe(false);
    expect(check([{ field: 'x', reasoning: 'r', confidence: 'low' }])).toBe(false); // citations required
    expect(check({ field: 'x' })).toBe(false); // an array of FieldBasis
  });

  it('Parallel: speed has no basis, choices has length 1, the way in without /v1 plus x-api-key on /v1beta', () => {
    const p = read('parallel.yaml');
    expect(p.models?.speed.extensions).toBeUndefined();
    expect(p.response?.choices).toMatchObject({ length: 1 });
    expect(p.target).toMatchObject({ baseUrl: 'https://api.parallel.ai', basePath: '', defaultModel: 'speed' });
    expect(p.auth?.['x-api-key']).toMatchObject({ status: 'supported', path: '/v1beta/chat/completions' });
    expect(p.limits?.requestsPerMinute).toBe(300);
    expect(p.performance?.['ttft-p50-speed']).toMatchObject({ metric: 'ttft', percentile: 50, maxMs: 3000, model: 'speed', stream: true });
    expect(p.errorEnvelope?.shape).toBe('approximate');
  });

  it('FlexAI: n > 1 is a 400 naming n, json_schema falls back to json_object, cache counts may be 0', () => {
    const f = read('flexai.yaml');
    expect(f.request?.n).toMatchObject({ status: 'rejected', value: 2, error: { status: 400, param: 'n' } });
    expect(f.request?.['response_format.json_schema']).toMatchObject({ status: 'partial', fallback: 'json_object' });
    expect(f.response?.['usage.cache_read_input_tokens']).toMatchObject({ status: 'present', type: 'integer' });
    expect(f.endpoints?.embeddings.options).toMatchObject({ dimensions: 1024, encodingFormatDefault: 'float', encodingFormatNull: 'rejected' });
    expect(f.extensions?.doc_url.in).toBe('error');
  });

  it('Parasail via Bifrost: usage on every stream, filtered parameters stripped, unsupported operations answer 4xx', () => {
    const b = read('parasail-bifrost.yaml');
    expect(b.stream?.['usage-chunk'].status).toBe('always');
    for (const k of ['prompt_cache_key', 'verbosity', 'store', 'service_tier', 'user.long']) expect(b.request?.[k].status, k).toBe('stripped');
    for (const k of ['completions', 'embeddings', 'images', 'speech', 'transcriptions', 'files', 'batches']) {
      expect(b.endpoints?.[k], k).toMatchObject({ status: 'unsupported', error: { status: '4xx' } });
    }
  });
});
