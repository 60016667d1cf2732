// Memory of whole runs against flood targets (issue #12 item 5): the peak resident set of the built
// command, read from /usr/bin/time, against a flood of tiny SSE events and a million levels of nested
// JSON. A measurement, not a test: the goal is a peak under 600 MB.
//   node bench/memory.mjs [--only PATTERN]
import { spawn } from 'node:child_process';
import { createServer } from 'node:http';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const only = process.argv.includes('--only') ? process.argv[process.argv.indexOf('--only') + 1] : undefined;

function listen(handler) {
  return new Promise((resolve) => {
    const server = createServer(handler);
    server.listen(0, '127.0.0.1', () =>
      resolve({ url: `http://127.0.0.1:${server.address().port}/v1`, close: () => (server.closeAllConnections(), server.close()) }),
    );
  });
}

const flood = (req, res) => {
  req.resume();
  req.on('end', () => {
    res.writeHead(200, { 'content-type': 'text/event-stream' });
    const event = 'data: {"choices":[{"index":0,"delta":{"content":"x"}}]}\n\n';
    let n = 0;
    const pump = () => {
      if (res.destroyed) return;
      for (let k = 0; k < 20; k++) res.write(event);
      if (++n < 5000) setImmediate(pump);
      else res.end('data: [DONE]\n\n');
    };
    pump();
  });
};
const deepBody = '['.repeat(1_000_000) + ']'.repeat(1_000_000);
const deep = (req, res) => {
  req.resume();
  req.on('end', () => {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(deepBody);
  });
};

function measured(args) {
  return new Promise((resolve) => {
    const child = spawn('/usr/bin/time', ['-f', 'MAXRSS_KB=%M WALL=%e', process.execPath, join(ROOT, 'bin/oai-compat.js'), ...args], {
      cwd: ROOT,
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let err = '';
    child.stderr.on('data', (d) => (err += d));
    child.on('close', (code) => resolve({ code, rssMb: Number(/MAXRSS_KB=(\d+)/.exec(err)?.[1]) / 1024, wall: Number(/WALL=([\d.]+)/.exec(err)?.[1]) }));
  });
}

for (const [name, handler] of [
  ['flood of tiny SSE events', flood],
  ['1e6 levels of nested JSON', deep],
]) {
  const server = await listen(handler);
  const out = mkdtempSync(join(tmpdir(), 'oai-compat-bench-memory-'));
  const r = await measured(['run', '--base-url', server.url, '--model', 'm', '--out', out, '--quiet', ...(only ? ['--only', only] : [])]);
  const cases = JSON.parse(readFileSync(join(out, 'results.json'), 'utf8')).cases.length;
  console.log(`memory  ${name}: peak RSS ${Math.round(r.rssMb)} MB (goal < 600), ${cases} cases written, exit ${r.code}, ${r.wall} s`);
  server.close();
}
