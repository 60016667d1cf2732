import { describe, it, expect } from 'vitest';
import { runCases } from '../support/run-cases.js';

describe('field probes share requests with the other areas', () => {
  it("include_usage sends the stream area's usage stream: one request between them", async () => {
    const alone = await runCases({ profile: 'openai', only: 'stream.usage-chunk' });
    const both = await runCases({ profile: 'openai', only: 'request.stream_options.include_usage,request.stream_options,stream.usage-chunk' });
    expect(both.byId.get('request.stream_options.include_usage')!.verdict).toBe('pass');
    // The stream case sends the streaming baseline and the usage stream; the probes send nothing of their own.
    expect(both.serverRequests, `${alone.serverRequests} alone, ${both.serverRequests} with the probes`).toBe(alone.serverRequests);
  });
});
