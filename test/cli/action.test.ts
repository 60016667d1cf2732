/**
 * action.yml, the composite GitHub Action: each `run:` step's shell is run here as a runner would run
 * it (bash, the step's env with its `${{ }}` expressions evaluated from the inputs, GITHUB_OUTPUT and
 * GITHUB_STEP_SUMMARY as files, the workspace as the working directory), against the built-in
 * emulator; the `uses:` steps (setup-node, upload-artifact) are GitHub's own and are skipped, their
 * inputs checked. Only the expression forms the action uses are understood: another form fails the test.
 */
import { describe, it, expect, beforeAll } from 'vitest';
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, writeFile, copyFile } from 'node:fs/promises';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { parse } from 'yaml';
import { ROOT } from '../support/cli.js';

interface Step {
  id?: string;
  name?: string;
  uses?: string;
  if?: string;
  shell?: string;
  env?: Record<string, string>;
  with?: Record<string, string>;
  run?: string;
}
interface Action {
  inputs: Record<string, { default?: string; required?: boolean }>;
  outputs: Record<string, { value: string }>;
  runs: { using: string; steps: Step[] };
}

let action: Action;
beforeAll(async () => {
  action = parse(await readFile(join(ROOT, 'action.yml'), 'utf8')) as Action;
});

/** `${{ inputs.x }}`, `${{ github.action_path }}`, `${{ steps.id.outputs.x }}`: nothing else. */
function evaluate(text: string, inputs: Record<string, string>, outputs: Record<string, Record<string, string>>): string {
  return String(text).replace(/\$\{\{\s*([^}]*?)\s*\}\}/g, (_, expr: string) => {
    let m = /^inputs\.([\w-]+)$/.exec(expr);
    if (m) {
      if (!(m[1]! in action.inputs)) throw new Error(`action.yml reads an undeclared input: ${expr}`);
      return inputs[m[1]!] ?? action.inputs[m[1]!]!.default ?? '';
    }
    if (expr === 'github.action_path') return ROOT.replace(/\/$/, '');
    m = /^steps\.([\w-]+)\.outputs\.([\w-]+)$/.exec(expr);
    if (m) return outputs[m[1]!]?.[m[2]!] ?? '';
    throw new Error(`an expression this test does not evaluate: ${expr}`);
  });
}

/** `name=value` lines of a GITHUB_OUTPUT file. */
async function readOutputs(file: string): Promise<Record<string, string>> {
  if (!existsSync(file)) return {};
  const out: Record<string, string> = {};
  for (const line of (await readFile(file, 'utf8')).split('\n')) {
    const i = line.indexOf('=');
    if (i > 0) out[line.slice(0, i)] = line.slice(i + 1);
  }
  return out;
}

interface ActionRun {
  workspace: string;
  summary: string;
  outputs: Record<string, Record<string, string>>;
  /** Exit codes of the run: steps, by name. */
  codes: Record<string, number | null>;
  uploaded: Record<string, string>;
  log: string;
}

async function runAction(inputs: Record<string, string>, workspace: string): Promise<ActionRun> {
  const summary = join(workspace, '..', `summary-${Date.now()}.md`);
  await writeFile(summary, '');
  const outputs: Record<string, Record<string, string>> = {};
  const codes: Record<string, number | null> = {};
  let uploaded: Record<string, string> = {};
  let log = '';
  for (const [i, step] of action.runs.steps.entries()) {
    const name = step.name ?? step.id ?? step.uses ?? `step ${i}`;
    if (step.uses) {
      if (/^actions\/upload-artifact@/.test(step.uses))
        uploaded = Object.fromEntries(Object.entries(step.with ?? {}).map(([k, v]) => [k, evaluate(v, inputs, outputs)]));
      continue;
    }
    // A step that would not run when an earlier one failed is a step the reports could be lost by.
    expect(step.if, `${name}: a run step has no condition (the action's steps always run)`).toBeUndefined();
    expect(step.shell).toBe('bash');
    const outputFile = join(workspace, '..', `output-${i}`);
    const env: NodeJS.ProcessEnv = { ...process.env, GITHUB_OUTPUT: outputFile, GITHUB_STEP_SUMMARY: summary, GITHUB_WORKSPACE: workspace, NO_COLOR: '1' };
    for (const k of ['CI', 'FORCE_COLOR', 'OAI_COMPAT_API_KEY']) delete env[k];
    for (const [k, v] of Object.entries(step.env ?? {})) env[k] = evaluate(v, inputs, outputs);
    const r = spawnSync('bash', ['-e', '-c', evaluate(step.run!, inputs, outputs)], { cwd: workspace, env, encoding: 'utf8', timeout: 540_000 });
    codes[name] = r.status;
    log += `--- ${name} (exit ${r.status})\n${r.stdout}${r.stderr}`;
    if (step.id) outputs[step.id] = await readOutputs(outputFile);
    if (r.status !== 0) break; // as a runner does: the rest of the job is skipped
  }
  return { workspace, summary: await readFile(summary, 'utf8'), outputs, codes, uploaded, log };
}

const tmp = () => mkdtemp(join(tmpdir(), 'oai-compat-action-'));
async function workspace(): Promise<string> {
  const parent = await tmp();
  const ws = join(parent, 'workspace');
  spawnSync('mkdir', ['-p', ws]);
  return ws;
}

describe('action.yml', () => {
  it('is a composite action whose inputs name the target, the profile, the model, the key and a baseline', () => {
    expect(action.runs.using).toBe('composite');
    for (const k of ['base-url', 'profile', 'model', 'api-key', 'baseline']) expect(action.inputs, k).toHaveProperty(k);
    expect(Object.values(action.inputs).every((i) => !i.required)).toBe(true);
    expect(action.runs.steps.some((s) => s.uses?.startsWith('actions/upload-artifact@'))).toBe(true);
  });

  it('against the emulator: reports written and uploaded, the job summary written, exit 0', async () => {
    const ws = await workspace();
    const r = await runAction({ profile: 'openai', args: '--only request.max_tokens,error.unknown-model' }, ws);
    expect(r.codes.outcome, r.log).toBe(0);
    expect(r.outputs.run).toMatchObject({ 'exit-code': '0', results: 'oai-compat-reports/results.json' });
    for (const f of ['results.json', 'report.md', 'report.html', 'junit.xml']) expect(existsSync(join(ws, 'oai-compat-reports', f)), f).toBe(true);
    expect(r.uploaded).toMatchObject({ path: 'oai-compat-reports', name: 'oai-compat-reports' });
    expect(r.summary).toMatch(/openai/);
    expect(r.summary).toMatch(/request\.max_tokens/);
    expect(r.summary).not.toMatch(/Against the baseline/);
  });

  it('with a baseline: a regression fails the job (after the upload) and is listed in the summary', async () => {
    const ws = await workspace();
    const first = await runAction({ args: '--only request.max_tokens', out: 'good' }, ws);
    expect(first.codes.outcome, first.log).toBe(0);
    await copyFile(join(ws, 'good/results.json'), join(ws, 'baseline.json'));
    const r = await runAction({ baseline: 'baseline.json', args: '--only request.max_tokens --fault ignore-max-tokens' }, ws);
    expect(r.outputs.run?.['exit-code'], r.log).toBe('1');
    expect(r.codes.outcome).toBe(1);
    expect(r.summary).toMatch(/### Against the baseline/);
    expect(r.summary).toMatch(/request\.max_tokens/);
    expect(existsSync(join(ws, 'oai-compat-reports/results.json'))).toBe(true);
  });
});
