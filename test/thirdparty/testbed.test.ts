/**
 * The third-party test bed (docs/third-party.md): the full openai profile against three servers nobody on
 * this project wrote, each held to its hand-reviewed expected-verdicts file. One file on purpose: its
 * suites run one after another, so the test bed adds at most one `oai-compat run` at a time to the
 * machine's load (the rest of `npm test` runs CLI tests with 60 s timeouts beside it).
 */
import { startMockLlmTarget, startPortkeyInFrontOfEmulator, startPrism } from './servers.js';
import { testBed } from './testbed.js';

// Prism mocking OpenAI's OpenAPI description: schema validation, static answers, no SSE.
testBed('Prism (@stoplight/prism-cli) mocking openai-openapi.yaml', './prism.expected.yaml', startPrism);
// Portkey's gateway in front of the emulator: a well-behaved hop.
testBed("Portkey's gateway (@portkey-ai/gateway) in front of the emulator", './portkey.expected.yaml', startPortkeyInFrontOfEmulator);
// @dwmkerr/mock-llm: a fixed-answer (echo) mock.
testBed('@dwmkerr/mock-llm (an echo mock)', './mock-llm.expected.yaml', startMockLlmTarget);
