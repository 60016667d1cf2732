// Conformance cases of the "responses" area (the Responses API), generated from the profile's rows (see src/cases/).
import { defineAreaSuite } from '../src/run/suite.js';

await defineAreaSuite('responses');
