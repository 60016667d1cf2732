import { describe, it, expect } from 'vitest';
import { fileURLToPath } from 'node:url';
import { loadProfile, ProfileError } from '../../src/spec/load.js';

const fx = (name: string) => fileURLToPath(new URL(`../fixtures/profiles/${name}`, import.meta.url));

function problems(file: string) {
  try {
    loadProfile(file);
  } catch (e) {
    expect(e).toBeInstanceOf(ProfileError);
    return (e as ProfileError).problems;
  }
  throw new Error(`${file} was accepted`);
}

describe('profile loading', () => {
  it('merges a child over its parent row by row', () => {
    const { profile, files, declaredBy } = loadProfile(fx('child.yaml'));
    expect(profile.request?.n.status).toBe('ignored');
    expect(profile.request?.seed.status).toBe('supported');
    expect(profile.target?.defaultModel).toBe('m1');
    expect(files.map((f) => f.split('/').pop())).toEqual(['child.yaml', 'parent-fixture.yaml']);
    expect(declaredBy['request.n']).toBe('child');
    expect(declaredBy['request.seed']).toBe('parent-fixture');
  });

  it('refuses an unknown status word with line, column and path', () => {
    const [p] = problems(fx('bad-status.yaml'));
    expect(p.file).toMatch(/bad-status\.yaml$/);
    expect(p).toMatchObject({ line: 6, column: 13, path: 'request.max_tokens.status' });
    expect(p.message).toMatch(/unknown value "ignord"; expected one of "supported", "ignored"/);
  });

  it('refuses broken YAML with its position', () => {
    const ps = problems(fx('bad-yaml.yaml'));
    expect(ps[0].line).toBeGreaterThanOrEqual(4);
    expect(ps[0].message).toMatch(/^YAML: /);
  });

  it('refuses an unknown key at the key and a wrong type at the value', () => {
    const ps = problems(fx('unknown-key.yaml'));
    const unknown = ps.find((p) => p.path === 'request.n.sorce');
    expect(unknown).toMatchObject({ line: 7, column: 5, message: 'unknown key "sorce"' });
    const type = ps.find((p) => p.path === 'limits.requestsPerMinute');
    expect(type).toMatchObject({ line: 9, column: 22 });
    expect(type!.message).toMatch(/must be integer, got string "lots"/);
  });

  it('refuses an unknown parent at the extends line', () => {
    const [p] = problems(fx('unknown-parent.yaml'));
    expect(p).toMatchObject({ line: 3, column: 10, path: 'extends' });
    expect(p.message).toMatch(/unknown parent profile "nosuchprofile"/);
  });

  it('refuses a missing file without a stack trace', () => {
    const [p] = problems('/nonexistent/dir/x.yaml');
    expect(p.message).toMatch(/cannot read profile: ENOENT/);
  });
});
