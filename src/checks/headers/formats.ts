/**
 * The value formats a header row can declare (`format:`), each as one predicate with a message that says
 * what is wrong in the words a client author would use. Formats from wire-format.md §5.2 and §4.4.
 */
import type { HeaderRow } from '../../spec/profile.types.js';

export type HeaderFormat = NonNullable<HeaderRow['format']>;

/** Go's time.Duration.String(): `6m0s`, `1s`, `12ms`, `1.5s`, `1h2m3s` (what OpenAI sends in x-ratelimit-reset-*). */
const GO_DURATION = /^(?:\d+(?:\.\d+)?(?:h|m|s|ms|us|µs|ns))+$/;
/** An HTTP-date (RFC 9110 IMF-fixdate): `Wed, 21 Oct 2015 07:28:00 GMT`. */
const HTTP_DATE = /^[A-Z][a-z]{2}, \d{2} [A-Z][a-z]{2} \d{4} \d{2}:\d{2}:\d{2} GMT$/;
/** One token of visible ASCII: `req_<32 hex>`, 32 hex, a UUID, a gateway's own id. */
const REQUEST_ID = /^[\x21-\x7e]{8,200}$/;

/** Why `value` does not have `format`, or undefined when it does. */
export function formatProblem(format: HeaderFormat, value: string, row: Pick<HeaderRow, 'value'> = {}): string | undefined {
  const v = value.trim();
  switch (format) {
    case 'integer':
      return /^\d+$/.test(v) ? undefined : `"${v}" is not an integer`;
    case 'duration':
      if (GO_DURATION.test(v)) return undefined;
      // Name the usual wrong shapes: epoch seconds (a reset time, not a duration) and unit-less numbers.
      if (/^\d{10}(?:\.\d+)?$/.test(v)) return `"${v}" looks like epoch seconds, not a duration such as "6m0s"`;
      if (/^\d+(?:\.\d+)?$/.test(v)) return `"${v}" has no unit: a duration such as "1s", "6m0s" or "12ms" is expected`;
      return `"${v}" is not a duration such as "1s", "6m0s" or "12ms"`;
    case 'seconds':
      // Retry-After on a 429: whole seconds ≥ 1 (SPEC TooManyRequests). The SDKs parse floats and dates too,
      // but the contract is an integer, and Node's SDK falls back to backoff for dates it cannot use.
      if (/^\d+$/.test(v)) return Number(v) >= 1 ? undefined : `"${v}": at least 1 second is expected`;
      if (/^\d*\.\d+$/.test(v)) return `"${v}" is fractional, not whole seconds`;
      if (HTTP_DATE.test(v) || (/[a-z]/i.test(v) && !Number.isNaN(Date.parse(v)))) return `"${v}" is an HTTP date, not whole seconds`;
      return `"${v}" is not whole seconds`;
    case 'request-id':
      return REQUEST_ID.test(v) ? undefined : `"${v.slice(0, 60)}" is not a request id (one token of 8–200 visible characters)`;
    case 'media-type': {
      const type = v.split(';')[0].trim().toLowerCase();
      if (!/^[a-z0-9!#$&^_.+-]+\/[a-z0-9!#$&^_.+-]+$/.test(type)) return `"${v}" is not a media type`;
      if (row.value && type !== row.value.toLowerCase()) return `"${v}", declared ${row.value}`;
      return undefined;
    }
  }
}
