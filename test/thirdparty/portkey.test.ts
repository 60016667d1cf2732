/** The openai profile against Portkey's gateway in front of the emulator: a well-behaved hop. */
import { startPortkeyInFrontOfEmulator } from './servers.js';
import { testBed } from './testbed.js';

testBed("Portkey's gateway (@portkey-ai/gateway) in front of the emulator", './portkey.expected.yaml', startPortkeyInFrontOfEmulator);
