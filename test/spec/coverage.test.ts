/**
 * Coverage: every documented table row of every source document is encoded by some profile row, the row counts
 * are those of the documents' text, and a profile with something removed shows exactly what went missing.
 */
import { describe, it, expect } from 'vitest';
import { readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import type { Profile } from '../../src/spec/profile.types.js';
import { atomsOf, coverage, formatCoverage, parseDocument, type CoverageReport, type TableCoverage } from '../../src/spec/coverage.js';
import { loadProfile, mergeProfiles } from '../../src/spec/load.js';
import { BUILT_IN_PROFILES } from '../support/profiles.js';

const SPECS = fileURLToPath(new URL('../../specs/', import.meta.url));
const SOURCES = `${SPECS}sources`;
const NAMES = BUILT_IN_PROFILES;
const raw = (name: string) => parse(readFileSync(`${SPECS}${name}.yaml`, 'utf8')) as Profile;

function tableOf(r: CoverageReport, profile: string, doc: string, title: string): TableCoverage {
  const d = r.profiles.find((p) => p.profile === profile)?.documents.find((x) => x.document === doc);
  const t = d?.tables.find((x) => x.table === title);
  if (!t) throw new Error(`no table ${profile} › ${doc} › ${title} in\n${formatCoverage(r)}`);
  return t;
}

describe('coverage of the shipped profiles', () => {
  const report = coverage(NAMES.map(raw), SOURCES);

  it('is complete: every in-scope row of every declared document is encoded, with no declaration problems', () => {
    for (const p of report.profiles) expect(p.problems, p.profile).toEqual([]);
    expect(report.complete, formatCoverage(report)).toBe(true);
  });

  it('reads every document in specs/sources (each is declared by some profile)', () => {
    const declared = new Set(NAMES.flatMap((n) => Object.keys(raw(n).documents ?? {})));
    expect([...declared].sort()).toEqual(readdirSync(SOURCES).sort());
    const read = new Set(report.profiles.flatMap((p) => p.documents.map((d) => d.document)));
    expect([...read].sort()).toEqual(readdirSync(SOURCES).sort());
  });

  // The row counts of the documents' own tables, so an extractor that drops rows cannot pass as "complete".
  it.each([
    ['parallel', 'parallel-chat-api.md', 'Choosing the Right Model', 4, 0],
    ['parallel', 'parallel-chat-api.md', 'Simple Fields', 25, 0],
    ['parallel', 'parallel-chat-api.md', 'Messages Array Fields', 8, 0],
    ['parallel', 'parallel-chat-api.md', 'Response Fields', 22, 0],
    ['parallel', 'parallel-chat-api.md', 'Parallel-Specific Response Fields', 1, 0],
    ['parallel', 'parallel-chat-api.md', 'Header Compatibility', 11, 0],
    ['parallel', 'parallel-compat-limitations.txt', 'Simple Fields', 25, 0],
    ['parallel', 'parallel-compat-limitations.txt', 'Messages Array Fields', 8, 0],
    ['parallel', 'parallel-compat-limitations.txt', 'Response Fields', 22, 0],
    ['parallel', 'parallel-compat-limitations.txt', 'Header Compatibility', 11, 0],
    ['parallel', 'parallel-chat-completions-reference.txt', 'Authorizations', 1, 0],
    ['parallel', 'parallel-chat-completions-reference.txt', 'Body', 10, 0],
    ['parallel', 'parallel-chat-completions-reference.txt', 'Response', 9, 0],
    ['parasail-bifrost', 'parasail-via-bifrost.md', 'Supported Operations', 10, 0],
    ['parasail-bifrost', 'parasail-via-bifrost.md', 'Unsupported Features', 7, 0],
    ['parasail-bifrost', 'parasail-via-bifrost.md', 'Caveats', 3, 0],
    ['flexai', 'flexai-openai-compatibility.txt', 'Endpoints', 8, 0],
    ['flexai', 'flexai-openai-compatibility.txt', 'Request fields', 8, 0],
    ['flexai', 'flexai-openai-compatibility.txt', 'Response fields', 3, 0],
    ['openai', 'wire-format.md', '1.1 Field table', 37, 0],
    ['openai', 'wire-format.md', '1.2 Messages (ChatCompletionRequestMessage, discriminator role)', 6, 0],
    ['openai', 'wire-format.md', 'Content parts', 6, 0],
    ['openai', 'wire-format.md', '2. Response: ChatCompletion (CreateChatCompletionResponse)', 14, 0],
    ['openai', 'wire-format.md', '3.6 SDK tolerance matrix (TEST: both decoders run on each byte stream)', 17, 0],
    ['openai', 'wire-format.md', '4.3 type / code values OpenAI actually returns (bodies quoted from real api.openai.com responses)', 4, 7],
    ['openai', 'wire-format.md', '5.1 Request headers the official SDKs send', 13, 1],
    ['openai', 'wire-format.md', '5.2 Response headers OpenAI returns', 10, 2],
  ] as const)('%s › %s › %s: %i rows encoded (%i out of scope)', (profile, doc, title, total, out) => {
    const t = tableOf(report, profile, doc, title);
    expect({ total: t.total, encoded: t.encoded, out: t.rowsOutOfScope.length, missing: t.missing }).toEqual({ total, encoded: total, out, missing: [] });
  });

  it('lists whole tables that are not provider behaviour as out of scope, with their size and reason', () => {
    const t = tableOf(report, 'openai', 'wire-format.md', '4.2 Status code → SDK exception');
    expect(t).toMatchObject({ total: 0, rowsInTable: 11 });
    expect(t.outOfScope).toMatch(/client behaviour/);
  });

  it('covers the older Parallel copy through the newer page and shows both conflicts, each noted on its row', () => {
    const doc = report.profiles.find((p) => p.profile === 'parallel')!.documents.find((d) => d.document === 'parallel-compat-limitations.txt')!;
    expect(doc.supersededBy).toBe('parallel-chat-api.md');
    expect(doc.tables.every((t) => t.via === t.total)).toBe(true);
    expect(doc.conflicts.map((c) => [c.label, c.old, c.current, c.notedOn])).toEqual([
      ['model', 'Use “speed”', 'Use speed, lite, base, or core', ['request.model']],
      ['messages[].content', 'Fully supported', 'String only', ['messages.content']],
    ]);
  });

  it('formats a report with per-table counts', () => {
    const text = formatCoverage(report);
    expect(text).toMatch(/^parallel: complete$/m);
    expect(text).toMatch(/^ {6}25\/25 {2}Simple Fields \(25 via parallel-chat-api\.md\)$/m);
    expect(text).toMatch(/^ {8}8\/8 {2}Request fields$/m);
    expect(text).not.toMatch(/missing:|problem:|NOT NOTED/);
  });
});

describe('coverage shows what is missing', () => {
  it('a removed row: its label is missing from its table, and from the older copy that relied on it', () => {
    const p = raw('parallel');
    delete p.request!.presence_penalty;
    const r = coverage([p], SOURCES);
    expect(tableOf(r, 'parallel', 'parallel-chat-api.md', 'Simple Fields')).toMatchObject({ total: 25, encoded: 24, missing: ['presence_penalty'] });
    expect(tableOf(r, 'parallel', 'parallel-compat-limitations.txt', 'Simple Fields').missing).toEqual(['presence_penalty']);
    expect(tableOf(r, 'parallel', 'parallel-chat-completions-reference.txt', 'Body').missing).toEqual(['presence_penalty']);
    expect(r.complete).toBe(false);
    expect(formatCoverage(r)).toMatch(/^parallel: INCOMPLETE$[\s\S]*24\/25 {2}Simple Fields\n\s+missing: presence_penalty$/m);
  });

  it('a field encoded by two rows stays encoded until both are gone', () => {
    const p = raw('parallel');
    delete p.request!.temperature; // errors.temperature-out-of-range and wrong-type-temperature still encode it
    expect(tableOf(coverage([p], SOURCES), 'parallel', 'parallel-chat-api.md', 'Simple Fields').missing).toEqual([]);
    delete p.errors!['temperature-out-of-range'];
    expect(tableOf(coverage([p], SOURCES), 'parallel', 'parallel-chat-api.md', 'Simple Fields').missing).toEqual(['temperature']);
  });

  it("Parallel's bare finish_reason and content rows count: dropping the mapping shows them missing", () => {
    const p = raw('parallel');
    delete p.response!['choices[].finish_reason'].covers;
    delete p.response!['choices[].message.content'].covers;
    expect(tableOf(coverage([p], SOURCES), 'parallel', 'parallel-chat-api.md', 'Response Fields').missing).toEqual(['finish_reason', 'content']);
  });

  it('a compound row names the item that is missing', () => {
    const f = raw('flexai');
    delete f.request!.seed;
    expect(tableOf(coverage([f], SOURCES), 'flexai', 'flexai-openai-compatibility.txt', 'Request fields').missing).toEqual([
      'model, messages, temperature, top_p, max_tokens, stop, seed, user (missing: seed)',
    ]);
  });

  it('a row counts only in the table its source or seeAlso names', () => {
    const p = raw('parallel');
    p.request!.seed.source = 'parallel-chat-api.md#Response Fields';
    expect(tableOf(coverage([p], SOURCES), 'parallel', 'parallel-chat-api.md', 'Simple Fields').missing).toEqual(['seed']);
  });

  it('an out-of-scope declaration is what keeps a row out of the count', () => {
    const o = raw('openai');
    delete o.documents!['wire-format.md'].tables!['5.1 Request headers the official SDKs send'];
    const t = tableOf(coverage([o], SOURCES), 'openai', 'wire-format.md', '5.1 Request headers the official SDKs send');
    expect(t).toMatchObject({ total: 14, encoded: 13, missing: ['Idempotency-Key'] });
  });

  it('a conflict with a superseded document must be noted next to the row', () => {
    const p = raw('parallel');
    p.request!.model.note = 'Use speed, lite, base, or core.';
    const r = coverage([p], SOURCES);
    expect(r.complete).toBe(false);
    expect(r.profiles[0].problems).toEqual([
      expect.stringContaining('parallel-compat-limitations.txt#Simple Fields › model: "Use “speed”" conflicts with parallel-chat-api.md'),
    ]);
    expect(formatCoverage(r)).toMatch(/conflict: Simple Fields › model: .*\(NOT NOTED\)/);
  });

  it('inventory labels must occur in the section text, and titles must exist', () => {
    const p = raw('parallel');
    const tables = p.documents!['parallel-chat-api.md'].tables!;
    tables['API Behavior'].rows!.push('Prompt caching is fully supported');
    tables['No Such Section'] = { rows: ['x'] };
    const problems = coverage([p], SOURCES).profiles[0].problems;
    expect(problems).toContain('parallel-chat-api.md#API Behavior: inventory row "Prompt caching is fully supported" does not occur in the section\'s text');
    expect(problems).toContain('parallel-chat-api.md: tables."No Such Section" names no table or section of the document');
  });

  it('a covers label that matches no row is reported', () => {
    const p = raw('parallel');
    p.request!.stop.covers = ['stop_sequences'];
    expect(coverage([p], SOURCES).profiles[0].problems).toEqual(['request.stop: covers "stop_sequences" matches no row of the tables its source/seeAlso name']);
  });

  it('merged profiles (as the loader returns them): the parent keeps its own documents', () => {
    const openai = raw('openai');
    const merged = mergeProfiles(openai, raw('parallel'));
    const own = ['parallel-chat-api.md', 'parallel-compat-limitations.txt', 'parallel-chat-completions-reference.txt'];
    const withParent = coverage([openai, merged], SOURCES);
    expect(withParent.profiles[1].documents.map((d) => d.document)).toEqual(own);
    expect(withParent.complete, formatCoverage(withParent)).toBe(true);
    const alone = coverage([loadProfile('parallel').profile], SOURCES); // the parent is read from specs/
    expect(alone.profiles[0].documents.map((d) => d.document)).toEqual(own);
    expect(alone.complete, formatCoverage(alone)).toBe(true);
  });
});

describe('document extraction', () => {
  it('markdown: pipe tables under their nearest heading, escapes removed, fences skipped, captions and accordions', () => {
    const md = [
      '# Top',
      '## Fields',
      '| Field | Status |',
      '| ----- | ------ |',
      '| messages\\[].role | Fully supported |',
      '| `stop` | Ignored \\| sometimes |',
      '',
      '```',
      '# not a heading',
      '| a | b |',
      '|---|---|',
      '| in | fence |',
      '```',
      'Parts:',
      '| part | shape |',
      '|---|---|',
      '| text | {...} |',
      '### Caveats',
      '<Accordion title="Cache Control Stripped">',
      'body',
      '</Accordion>',
    ].join('\n');
    const d = parseDocument('x.md', md);
    expect(d.sections).toEqual(['Top', 'Fields', 'Parts', 'Caveats']);
    expect(d.tables.map((t) => [t.kind, t.title, t.rows.map((r) => r.label)])).toEqual([
      ['table', 'Fields', ['messages[].role', 'stop']],
      ['table', 'Parts', ['text']],
      ['accordions', 'Caveats', ['Cache Control Stripped']],
    ]);
    expect(d.tables[0].rows[1].cells).toEqual(['stop', 'Ignored | sometimes']);
    expect(d.sectionText('Caveats')).toContain('Cache Control Stripped');
  });

  it('flattened pages: glued Mintlify tables, pipe rows without a leading pipe, API-reference parameter lists', () => {
    const txt = [
      'Simple Fields',
      '',
      'FieldSupport Status',
      'modelUse “speed”',
      'max_tokensIgnored',
      'messages[].roleFully supported',
      '',
      'Endpoints',
      '| Endpoint | Supported | Notes |',
      '|---|---|---|',
      'POST /v1/completions | Yes | Legacy. |',
      'GET /v1/files, /v1/files/* | No | — |',
      'Body',
      'model',
      'string',
      'required',
      'messages',
      'ChatMessage · object[]',
      'required',
      'stream',
      'boolean | null',
    ].join('\n');
    const d = parseDocument('x.txt', txt);
    expect(d.tables.map((t) => [t.kind, t.title, t.rows.map((r) => r.label)])).toEqual([
      ['flattened', 'Simple Fields', ['model', 'max_tokens', 'messages[].role']],
      ['table', 'Endpoints', ['POST /v1/completions', 'GET /v1/files, /v1/files/*']],
      ['params', 'Body', ['model', 'messages', 'stream']],
    ]);
    expect(d.sections).toEqual(['Simple Fields', 'Endpoints', 'Body']);
    expect(d.tables[0].rows[0].cells).toEqual(['model', 'Use “speed”']);
    expect(d.tables[1].rows[1].atoms).toEqual(['GET /v1/files', '/v1/files/*']);
  });

  it.each([
    ['`x-ratelimit-limit-requests` / `x-ratelimit-limit-tokens`', ['x-ratelimit-limit-requests', 'x-ratelimit-limit-tokens']],
    ['`X-Stainless-Timeout` (NODE) / `x-stainless-read-timeout` (PY)', ['X-Stainless-Timeout', 'x-stainless-read-timeout']],
    ['`function_call` (deprecated)', ['function_call (deprecated)']],
    ['model, messages, temperature', ['model', 'messages', 'temperature']],
    ['response_format: { type: "json_schema", ... }', ['response_format: { type: "json_schema", ... }']],
    ['n (multiple completions per request)', ['n (multiple completions per request)']],
    ['≥500 (500, 502, 503, 504)', ['≥500 (500, 502, 503, 504)']],
    ['CRLF (`\\r\\n\\r\\n`), or bare CR', ['CRLF (\\r\\n\\r\\n), or bare CR']],
  ])('atomsOf(%s)', (cell, atoms) => {
    expect(atomsOf(cell)).toEqual(atoms);
  });
});
