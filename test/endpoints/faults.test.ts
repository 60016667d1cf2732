/**
 * Every fault of faults/endpoints.ts makes exactly its endpoint or extension case fail, with a message
 * that names what is wrong.
 */
import { describe, it } from 'vitest';
import { expectCaught } from '../errors/fault-check.js';

describe('endpoint faults', () => {
  it('models-without-owned-by', () => expectCaught('models-without-owned-by', ['endpoint.models', 'endpoint.model-retrieve'], /has no owned_by/));
  it('embeddings-ignore-base64', () =>
    expectCaught('embeddings-ignore-base64', ['endpoint.embeddings.base64'], /not a base64 string: encoding_format "base64" was ignored/));
  it('embeddings-wrong-dimensions (flexai)', () =>
    expectCaught('embeddings-wrong-dimensions', ['endpoint.embeddings'], /768 values per vector, declared 1024 dimensions/));
  it('null-encoding-format-accepted (flexai)', () =>
    expectCaught('null-encoding-format-accepted', ['endpoint.embeddings.encoding-format-null'], /answered 200 .*declared rejected/));
  it('completion-chunk-object', () =>
    expectCaught('completion-chunk-object', ['endpoint.completions.stream'], /object is "completion.chunk", not "text_completion"/));
  it('responses-without-output-text (parasail-bifrost)', () =>
    expectCaught('responses-without-output-text', ['endpoint.responses'], /no message item with an output_text part/));
  it('unsupported-endpoint-500 (parasail-bifrost)', () =>
    expectCaught(
      'unsupported-endpoint-500',
      ['endpoint.completions', 'endpoint.embeddings', 'endpoint.images', 'endpoint.speech', 'endpoint.transcriptions', 'endpoint.files', 'endpoint.batches'],
      /500: a server error .*declared unsupported/,
    ));
});

describe('extension faults', () => {
  it('basis-on-speed (parallel)', () => expectCaught('basis-on-speed', ['extension.basis'], /basis is present on speed, declared only on lite, base, core/));
  it('basis-wrong-shape (parallel)', () =>
    expectCaught('basis-wrong-shape', ['extension.basis'], /does not match its schema: \/0\/(citations\/0 must be object|confidence must be equal to one of)/));
  it('doc-url-not-a-string (flexai)', () =>
    expectCaught('doc-url-not-a-string', ['extension.doc_url'], /doc_url on the .* error does not match its schema: \(root\) must be string/));
});
