// Conformance cases of the "performance" area, generated from the profile's latency claims (see src/cases/performance.ts).
import { defineAreaSuite } from '../src/run/suite.js';

await defineAreaSuite('performance');
