// Conformance cases of the "header" area, generated from the profile's rows (see src/cases/).
import { defineAreaSuite } from '../src/run/suite.js';

await defineAreaSuite('header');
