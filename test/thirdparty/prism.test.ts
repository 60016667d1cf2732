/** The openai profile against Prism mocking OpenAI's OpenAPI description (static answers, no SSE). */
import { startPrism } from './servers.js';
import { testBed } from './testbed.js';

testBed('Prism (@stoplight/prism-cli) mocking openai-openapi.yaml', './prism.expected.yaml', startPrism);
