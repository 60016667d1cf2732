/**
 * What the published tarball holds (`npm pack --dry-run --json`, nothing written): the licence, the
 * metadata a registry page shows, and every file the README points to, so a reader of the README on
 * npm or in node_modules/oai-compat finds what it names.
 */
import { describe, it, expect, beforeAll } from 'vitest';
import { execFile } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from '../support/cli.js';

/**
 * README paths that belong to a clone of the repository, not to the package (a path, or a folder with a
 * trailing slash and everything in it): the project's own tests, benchmarks and CI, which the README
 * names for someone working on oai-compat. Anything else the README names must be in the tarball.
 */
const CLONE_ONLY: Record<string, string> = {
  '.ci/run': "the repository's CI script (how the project's own tests are run)",
  'test/': "the project's own tests",
  'bench/': "the project's benchmarks (`npm run bench` in a clone)",
};
const cloneOnly = (p: string): boolean => Object.keys(CLONE_ONLY).some((c) => p === c || (c.endsWith('/') && p.startsWith(c)));

let packed: Set<string>;
beforeAll(async () => {
  const stdout = await new Promise<string>((done, fail) =>
    execFile('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: ROOT, timeout: 300_000, maxBuffer: 64 * 1024 * 1024 }, (err, out, errOut) =>
      err ? fail(new Error(`npm pack --dry-run failed: ${errOut}`)) : done(String(out)),
    ),
  );
  packed = new Set((JSON.parse(stdout) as { files: { path: string }[] }[])[0].files.map((f) => f.path));
}, 300_000);

/** A path (a file, or a folder with a trailing slash) the tarball holds. */
const inTarball = (p: string): boolean => (p.endsWith('/') ? [...packed].some((f) => f.startsWith(p)) : packed.has(p));

/**
 * Every relative target of a Markdown link, and every `code span` that names a path of the repository
 * (its first segment is a top-level entry, it has no placeholder such as <field> or {a,b}).
 */
function readmeReferences(markdown: string): string[] {
  const links = [...markdown.matchAll(/\]\(([^)\s]+)\)/g)].map((m) => m[1]).filter((t) => !/^[a-z][a-z0-9+.-]*:|^#/i.test(t));
  const spans = [...markdown.matchAll(/`([^`\s]+)`/g)].map((m) => m[1]).filter((t) => /^[\w.-]+\//.test(t) && !/[<>{}*]/.test(t));
  const refs = [...links.map((t) => t.replace(/#.*$/, '').replace(/^\.\//, '')), ...spans];
  return [...new Set(refs.filter((t) => existsSync(join(ROOT, t.split('/')[0]))))];
}

describe('the packed tarball', () => {
  it('holds the licence package.json names, the README, the built CLI and the docs', () => {
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { license: string };
    expect(pkg.license).toBe('MIT');
    expect(readFileSync(join(ROOT, 'LICENSE'), 'utf8')).toMatch(/^MIT License/);
    for (const f of ['LICENSE', 'README.md', 'package.json', 'bin/oai-compat.js', 'dist/cli/main.js', 'suites/vitest.config.ts', 'specs/openai.yaml'])
      expect(packed.has(f), f).toBe(true);
    expect([...packed].filter((f) => /^docs\/[^/]+\.md$/.test(f)).length).toBeGreaterThan(3);
    // The project's own tests and reports stay out (only the worked example of a profile is shipped).
    expect([...packed].filter((f) => f.startsWith('test/'))).toEqual(['test/fixtures/profiles/new-provider.yaml']);
    expect([...packed].filter((f) => f.startsWith('reports/') || f.startsWith('node_modules/'))).toEqual([]);
  });

  it('resolves every relative link and path of README.md to a file in the tarball', () => {
    const refs = readmeReferences(readFileSync(join(ROOT, 'README.md'), 'utf8'));
    expect(refs).toContain('docs/ci.md'); // the extraction finds what the README names
    const missing = refs.filter((r) => !cloneOnly(r) && !inTarball(r) && !inTarball(`${r}/`));
    expect(missing, 'README names these, the tarball lacks them').toEqual([]);
  });

  it('names where the project lives: repository, homepage and bugs', () => {
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
      repository?: { type?: string; url?: string };
      homepage?: string;
      bugs?: { url?: string };
    };
    expect(pkg.repository?.type).toBe('git');
    expect(pkg.repository?.url).toMatch(/^git\+https:\/\/github\.com\/[\w-]+\/[\w-]+\.git$/);
    expect(pkg.homepage).toMatch(/^https:\/\//);
    expect(pkg.bugs?.url).toMatch(/^https:\/\/.*\/issues$/);
  });
});
