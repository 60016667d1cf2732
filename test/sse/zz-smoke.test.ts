import { test } from 'vitest';
import { analyseStream, runSdkOracles } from '../../src/sse/index.js';
import { exchange, readPerEvent, textData, toolData, sse, readsOf } from './fixtures.js';
test('smoke', async () => {
  const ex = exchange(readPerEvent(textData(['Hello', ' world', ', how', ' are', ' you', ' today', '? I am', ' fine.'], { usage: true })));
  const a = analyseStream(ex, { includeUsage: true });
  for (const [k, v] of Object.entries(a.rules)) console.log(k, v.ok, v.skipped ?? '', v.message);
  console.log(a.timing);
  console.log(JSON.stringify(await runSdkOracles(ex), null, 1));
  const bad = exchange(readsOf([sse(toolData([{id:'c1',name:'f',args:['{"a"',':1}']}]).map(d => d.replace(/"index":0,"id"/, '"id"').replace(/\{"index":0,"function"/g,'{"function"')))]));
  console.log(JSON.stringify(await runSdkOracles(bad), null, 1));
  const a2 = analyseStream(bad, { tools: true });
  for (const [k, v] of Object.entries(a2.rules)) if (!v.ok) console.log(k, v.message);
});
