#!/usr/bin/env node
// The command. The library is compiled to dist/ by `npm ci` (the `prepare` script).
import { main } from '../dist/cli/main.js';
process.exitCode = await main(process.argv.slice(2));
