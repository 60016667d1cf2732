/**
 * The third-party test bed (docs/third-party.md): the full openai profile against three servers nobody on
 * this project wrote, and the parallel profile's grouped fields declared ignored against two of them, each
 * run held to its hand-reviewed expected-verdicts file. One file on purpose: its suites run one after another,
 * so the test bed adds at most one `oai-compat run` at a time to the machine's load (the rest of `npm test`
 * runs CLI tests with 60 s timeouts beside it).
 */
import { startMockLlmHonouringFields, startMockLlmTarget, startPortkeyInFrontOfEmulator, startPrism } from './servers.js';
import { testBed } from './testbed.js';

// Prism mocking OpenAI's OpenAPI description: schema validation, static answers, no SSE. Then, on the same Prism
// (its start-up paid once), the parallel profile's fields declared ignored, grouped into one request
// (group-ignored.ts): its static sample carries a tool call and logprobs on every answer, the baseline's too, and
// nothing may blame the fields for them.
testBed('Prism (@stoplight/prism-cli) mocking openai-openapi.yaml', ['./prism.expected.yaml', './prism.parallel.expected.yaml'], startPrism);
// Portkey's gateway in front of the emulator: a well-behaved hop.
testBed("Portkey's gateway (@portkey-ai/gateway) in front of the emulator", './portkey.expected.yaml', startPortkeyInFrontOfEmulator);
// @dwmkerr/mock-llm: a fixed-answer (echo) mock. Its defaults ignore every grouped parallel field: the group stands.
testBed('@dwmkerr/mock-llm (an echo mock)', ['./mock-llm.expected.yaml', './mock-llm.parallel.expected.yaml'], startMockLlmTarget);
// mock-llm's own rules honouring n, logprobs and tools, which parallel declares ignored: the group splits, and those
// three fail on their own requests, tool_choice (never read) is not blamed for the tools' calls (a focused run).
testBed('@dwmkerr/mock-llm with rules honouring n, logprobs and tools', './mock-llm-honours.parallel.expected.yaml', startMockLlmHonouringFields);
