/**
 * A lint-style scan (issue #11): no source file writes a confidence of `decisive` or `heuristic` by hand. An
 * Observation has no confidence field (the type refuses one); this also catches the other shapes a hand-set
 * confidence could hide in (a CaseResult literal, a ternary, an assignment). Only src/cases/evidence.ts
 * derives it. `unobservable` may still be written where nothing was observed (a case never reached).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '../..');
const ALLOWED = new Set(['src/cases/evidence.ts']);
const HAND_SET = /confidence\s*(?::|=|\?\?)\s*(?:[^,;\n]*\?\s*)?['"](?:decisive|heuristic)['"]|['"](?:decisive|heuristic)['"]\s+as\s+Confidence/;

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? sources(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : [],
  );
}

describe('no hand-assigned confidence in src/', () => {
  it('no file but evidence.ts writes decisive or heuristic as a confidence', () => {
    const found: string[] = [];
    for (const file of sources(join(ROOT, 'src'))) {
      const rel = relative(ROOT, file);
      if (ALLOWED.has(rel)) continue;
      readFileSync(file, 'utf8')
        .split('\n')
        .forEach((line, i) => {
          if (HAND_SET.test(line)) found.push(`${rel}:${i + 1}: ${line.trim()}`);
        });
    }
    expect(found).toEqual([]);
  });

  it('the scan would see one', () => {
    expect(HAND_SET.test("    confidence: 'decisive',")).toBe(true);
    expect(HAND_SET.test("confidence: observed === 'x' ? 'heuristic' : 'decisive',")).toBe(true);
    expect(HAND_SET.test("c.confidence = 'heuristic';")).toBe(true);
    expect(HAND_SET.test("confidence: 'unobservable',")).toBe(false);
  });
});
