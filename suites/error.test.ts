// Conformance cases of the "error" area, generated from the profile's rows (see src/cases/).
import { defineAreaSuite } from '../src/run/suite.js';

await defineAreaSuite('error');
