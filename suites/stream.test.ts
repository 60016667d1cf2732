// Conformance cases of the "stream" area, generated from the profile's rows (see src/cases/stream.ts).
import { defineAreaSuite } from '../src/run/suite.js';

await defineAreaSuite('stream');
