/**
 * Every fault of the error area (faults/errors.ts, and the envelope faults of faults/core.ts) makes
 * exactly the error cases it breaks fail, each with a message that names what is wrong.
 */
import { describe, it } from 'vitest';
import { BAD_REQUESTS } from '../../src/checks/errors/catalogue.js';
import { expectCaught } from './fault-check.js';

const ALL = BAD_REQUESTS.map((b) => `error.${b.id}`);
const except = (...ids: string[]) => ALL.filter((id) => !ids.some((x) => id === `error.${x}`));

describe('error faults (openai profile)', () => {
  it('flat-error-string: every error case, "bare string"', () => expectCaught('flat-error-string', ALL, /bare string/));
  it('error-without-param: every error case, "param is missing"', () => expectCaught('error-without-param', ALL, /error\.param is missing/));
  // The fault leaves 401 (and 429) alone: a bad or missing key is still refused properly.
  it('server-error-for-bad-input: every 4xx but the 401s, "server error"', () =>
    expectCaught('server-error-for-bad-input', except('bad-api-key', 'no-api-key'), /500: a server error for bad input/));
  it('ok-for-unknown-model: error.unknown-model, "answered 200"', () =>
    expectCaught('ok-for-unknown-model', ['error.unknown-model'], /answered 200 to a bad request/));
  it('stack-trace-in-message: every error case, "stack trace"', () => expectCaught('stack-trace-in-message', ALL, /leaks a stack trace or internal path/));
  it('html-error-page: every error case and the content-type check, "no envelope" / "text/html"', async () => {
    await expectCaught(
      'html-error-page',
      [...ALL, 'header.content-type'],
      /no \{"error":\{\.\.\.\}\} envelope: "<!DOCTYPE html>|"text\/html", declared application\/json/,
    );
  });
  it('empty-error-body: every error case, "empty body"', () => expectCaught('empty-error-body', ALL, /envelope: empty body/));
  it('oversized-body-accepted: error.oversized-body, "answered 200"', () =>
    expectCaught('oversized-body-accepted', ['error.oversized-body'], /answered 200 to a bad request/));
  it('ignores-content-type: error.wrong-content-type, "answered 200"', () =>
    expectCaught('ignores-content-type', ['error.wrong-content-type'], /answered 200 to a bad request/));
  it('spa-fallback-for-unknown-route: error.unknown-route, "answered 200"', () =>
    expectCaught('spa-fallback-for-unknown-route', ['error.unknown-route'], /answered 200 to a bad request \(declared 404\)/));
});
