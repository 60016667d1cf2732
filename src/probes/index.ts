/**
 * The field probes: which module verifies which field. The registry of checks (src/checks/registry/fields.ts)
 * makes one check per key here, with what it reads and what decides it; fields with no module here use the
 * acceptance probe (generic.ts), which reports the effect as unobservable. Each module's header states its
 * signal and decision rule.
 */
import type { Probe } from './types.js';
import { maxTokensProbe } from './max-tokens.js';
import { nProbe } from './n.js';
import { stopProbe } from './stop.js';
import { logprobsProbe } from './logprobs.js';
import { topLogprobsProbe } from './top-logprobs.js';
import { jsonObjectProbe } from './json-object.js';
import { jsonSchemaProbe } from './json-schema.js';
import { streamProbe } from './stream.js';
import { includeUsageProbe } from './include-usage.js';
import { toolsProbe } from './tools.js';
import { toolChoiceProbe } from './tool-choice.js';
import { parallelToolCallsProbe } from './parallel-tool-calls.js';
import { seedProbe } from './seed.js';
import { temperatureProbe } from './temperature.js';
import { predictionProbe } from './prediction.js';
import { contentPartsProbe } from './content-parts.js';
import { roleMessageProbe } from './role-message.js';
import { messageNameProbe } from './message-name.js';
import { modelProbe } from './model.js';
import { functionsProbe } from './functions.js';
import { topPProbe } from './top-p.js';
import { toolRoundTripProbe } from './tool-round-trip.js';
import { toolsStrictProbe } from './tools-strict.js';

export const PROBES: readonly Probe[] = [
  modelProbe,
  maxTokensProbe,
  nProbe,
  stopProbe,
  logprobsProbe,
  topLogprobsProbe,
  jsonObjectProbe,
  jsonSchemaProbe,
  streamProbe,
  includeUsageProbe,
  toolsProbe,
  toolChoiceProbe,
  parallelToolCallsProbe,
  seedProbe,
  temperatureProbe,
  predictionProbe,
  contentPartsProbe,
  roleMessageProbe,
  messageNameProbe,
  functionsProbe,
  topPProbe,
  toolRoundTripProbe,
  toolsStrictProbe,
];
