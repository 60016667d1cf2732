/**
 * The consistency lint (src/spec/lint.ts), through the loader: each contradiction the format allows is refused
 * at file:line:column of the row the profile wrote, naming the inherited row it contradicts and where that
 * stands; the built-in profiles (Parallel's stream rules included) and a consistent child pass.
 */
import { describe, it, expect } from 'vitest';
import { fileURLToPath } from 'node:url';
import { loadProfile, ProfileError, type ProfileProblem } from '../../src/spec/load.js';
import { BUILT_IN_PROFILES } from '../support/profiles.js';

const fx = (name: string) => fileURLToPath(new URL(`../fixtures/profiles/${name}`, import.meta.url));

function refused(name: string): ProfileProblem[] {
  try {
    loadProfile(fx(name));
  } catch (e) {
    expect(e).toBeInstanceOf(ProfileError);
    return (e as ProfileError).problems;
  }
  throw new Error(`${name} was accepted`);
}

describe('profile consistency lint', () => {
  it('refuses a response field declared always empty that inherited stream rules require (Parallel finish_reason)', () => {
    const ps = refused('lint-finish-reason.yaml');
    expect(ps).toHaveLength(1);
    expect(ps[0]).toMatchObject({ line: 5, column: 3, path: 'response.choices[].finish_reason' });
    expect(ps[0]!.file).toMatch(/lint-finish-reason\.yaml$/);
    expect(ps[0]!.message).toMatch(/^contradiction: response\.choices\[\]\.finish_reason is declared empty, but 4 required stream rules need it/);
    for (const rule of ['finish-reason-null-until-end', 'single-terminal-finish', 'complete', 'sdk-final-completion'])
      expect(ps[0]!.message).toContain(`stream.${rule}`);
    // The inherited row is named with its place in the parent file.
    expect(ps[0]!.message).toMatch(/\[stream\.finish-reason-null-until-end: openai\.yaml:\d+:\d+\]$/);
  });

  it('refuses tools declared ignored while the inherited tool_choice rows expect calls', () => {
    const ps = refused('lint-tools-ignored.yaml');
    expect(ps.map((p) => p.path)).toEqual(['request.tools', 'request.tools', 'request.tools']);
    expect(ps.every((p) => p.line === 5 && p.column === 3)).toBe(true);
    const text = ps.map((p) => p.message).join('\n');
    expect(text).toMatch(/request\.tool_choice\.required is declared supported, but request\.tools is ignored/);
    expect(text).toMatch(/request\.tool_choice\.named is declared supported/);
    expect(text).toMatch(/request\.parallel_tool_calls is declared supported/);
    // tool_choice none allows no call, which is what ignored tools give: not a contradiction.
    expect(text).not.toMatch(/tool_choice\.none/);
  });

  it('refuses a field declared ignored whose inherited range-error rows still expect 4xx', () => {
    const ps = refused('lint-range-ignored.yaml');
    expect(ps.map((p) => p.message.match(/errors\.([a-z-]+)/)?.[1])).toEqual(['n-zero', 'n-too-large']);
    expect(ps[0]).toMatchObject({ line: 5, column: 3, path: 'request.n' });
    expect(ps[0]!.message).toMatch(/errors\.n-zero expects 400, but request\.n is declared ignored/);
  });

  it('refuses a field declared rejected whose range-error row expects acceptance, at the error row', () => {
    const [p, ...rest] = refused('lint-range-rejected.yaml');
    expect(rest).toEqual([]);
    expect(p).toMatchObject({ line: 9, column: 3, path: 'errors.temperature-out-of-range' });
    expect(p!.message).toMatch(/expects 2xx, but request\.temperature is declared rejected/);
    expect(p!.message).toMatch(/\[request\.temperature: 5:3\]$/);
  });

  it('refuses include_usage dropped while the inherited usage-chunk rule is on-request', () => {
    const [p, ...rest] = refused('lint-usage-on-request.yaml');
    expect(rest).toEqual([]);
    expect(p).toMatchObject({ line: 5, column: 3, path: 'request.stream_options.include_usage' });
    expect(p!.message).toMatch(/declared ignored, but stream\.usage-chunk is on-request/);
  });

  it('refuses usage declared always empty while a usage chunk is always expected', () => {
    const [p, ...rest] = refused('lint-usage-empty.yaml');
    expect(rest).toEqual([]);
    expect(p).toMatchObject({ line: 5, column: 3, path: 'response.usage' });
    expect(p!.message).toMatch(/stream\.usage-chunk is always/);
  });

  it('refuses include_usage honoured while streaming is rejected', () => {
    const [p, ...rest] = refused('lint-stream-rejected.yaml');
    expect(rest).toEqual([]);
    expect(p).toMatchObject({ line: 5, column: 3, path: 'request.stream' });
    expect(p!.message).toMatch(/request\.stream_options\.include_usage is declared supported, but request\.stream is rejected/);
    expect(p!.message).toMatch(/\[request\.stream_options\.include_usage: openai\.yaml:\d+:\d+\]$/);
  });

  it('refuses acceptance of a bad request that also sends a rejected field (top_logprobs needs logprobs true)', () => {
    const [p, ...rest] = refused('lint-range-refused-anyway.yaml');
    expect(rest).toEqual([]);
    expect(p).toMatchObject({ line: 12, column: 3, path: 'errors.top-logprobs-out-of-range' });
    expect(p!.message).toMatch(/expects 2xx, but request\.logprobs is declared rejected/);
  });

  it('refuses top_logprobs honoured while logprobs is ignored', () => {
    const [p, ...rest] = refused('lint-top-logprobs.yaml');
    expect(rest).toEqual([]);
    expect(p).toMatchObject({ line: 5, column: 3, path: 'request.logprobs' });
    expect(p!.message).toMatch(/request\.top_logprobs is declared supported, but request\.logprobs is ignored/);
  });

  it('refuses a row for a model its models: does not list', () => {
    const [p, ...rest] = refused('lint-unknown-model.yaml');
    expect(rest).toEqual([]);
    expect(p).toMatchObject({ line: 8, column: 3, path: 'request.seed' });
    expect(p!.message).toMatch(/names the model "smal", which models: does not list \(small\)/);
  });

  it('passes every built-in profile and a consistent child', () => {
    for (const file of BUILT_IN_PROFILES) expect(() => loadProfile(file), file).not.toThrow();
    expect(() => loadProfile(fx('child.yaml'))).not.toThrow();
  });

  it('Parallel declares the finish_reason and id rules optional, citing its Response Fields table', () => {
    const { profile } = loadProfile('parallel');
    for (const rule of ['finish-reason-null-until-end', 'stable-id', 'single-terminal-finish', 'complete', 'sdk-final-completion']) {
      expect(profile.stream?.[rule]?.status, rule).toBe('optional');
      expect(profile.stream?.[rule]?.source).toBe('parallel-chat-api.md#Response Fields');
    }
  });
});
