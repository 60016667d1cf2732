/** The openai profile against @dwmkerr/mock-llm, a fixed-answer (echo) mock. */
import { startMockLlmTarget } from './servers.js';
import { testBed } from './testbed.js';

testBed('@dwmkerr/mock-llm (an echo mock)', './mock-llm.expected.yaml', startMockLlmTarget);
