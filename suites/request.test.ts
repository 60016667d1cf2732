// Conformance cases of the "request" area, generated from the profile's rows (see src/cases/).
import { defineAreaSuite } from '../src/run/suite.js';

await defineAreaSuite('request');
