/**
 * Every fault of faults/headers.ts makes exactly its header case fail, with a message that names what
 * is wrong. The 429 faults answer the missing-messages bad request with a 429, so a plain run meets one
 * (the harness never provokes a rate limit); error.missing-messages then reads inconclusive, not fail.
 */
import { describe, it } from 'vitest';
import { expectCaught } from '../errors/fault-check.js';

describe('header faults', () => {
  it('no-request-id', () => expectCaught('no-request-id', ['header.x-request-id'], /missing on the success answer/));
  it('constant-request-id', () => expectCaught('constant-request-id', ['header.x-request-id'], /the same value .* on \d+ different answers, declared unique/));
  it('request-id-per-request: only the repeat of an identical request shows it', () =>
    expectCaught('request-id-per-request', ['header.x-request-id'], /the same value .* on 2 different answers, declared unique/));
  it('json-as-text-plain', () => expectCaught('json-as-text-plain', ['header.content-type'], /"text\/plain; charset=utf-8", declared application\/json/));
  it('reset-epoch-seconds', () =>
    expectCaught('reset-epoch-seconds', ['header.x-ratelimit-reset-requests', 'header.x-ratelimit-reset-tokens'], /looks like epoch seconds, not a duration/));
  it('no-retry-after-on-429 (flexai)', () =>
    expectCaught('no-retry-after-on-429', ['header.retry-after'], /retry-after.*missing on the 429 answer|missing on the 429 answer/));
  it('retry-after-http-date', () => expectCaught('retry-after-http-date', ['header.retry-after'], /is an HTTP date, not whole seconds/));
  it('retry-after-float', () => expectCaught('retry-after-float', ['header.retry-after'], /"1.5" is fractional, not whole seconds/));
  it('accepts-x-api-key (flexai)', () => expectCaught('accepts-x-api-key', ['header.auth.x-api-key'], /accepted \(200\), declared refused/));
  it('scheme-path-missing (parallel)', () =>
    expectCaught('scheme-path-missing', ['header.auth.x-api-key'], /refused 404, declared supported \(x-api-key\) on \/v1beta\/chat\/completions/));
  it('cors-wide-open (flexai)', () =>
    expectCaught('cors-wide-open', ['header.access-control-allow-origin'], /is allowed \(access-control-allow-origin: \*\), declared restricted/));
  it('refuses-stainless-headers', () => expectCaught('refuses-stainless-headers', ['header.x-stainless-*'], /answered 400, declared tolerated: .*x-stainless/));
  it('refuses-organization-header', () =>
    expectCaught('refuses-organization-header', ['header.openai-organization', 'header.auth.organization-header'], /400.*openai-organization/));
});
