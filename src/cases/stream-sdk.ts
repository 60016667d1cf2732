/**
 * The SDK oracle's stream rules: which client (openai-node major) and which mode each `stream.sdk-*` row replays
 * the shared streams into. `sdk-iteration` and `sdk-final-completion` are the current major (6, the project's own
 * dependency); `sdk-v4-*` and `sdk-v5-*` replay the same bytes into the majors still run in the wild, so a stream
 * one of them cannot read is reported per client. No request is sent for any of them.
 */
import type { SdkClientId } from '../sse/sdk-clients.js';
import type { SdkMode } from '../sse/index.js';

export interface SdkRule {
  client: SdkClientId;
  mode: SdkMode;
}

export const SDK_RULES: Readonly<Record<string, SdkRule>> = {
  'sdk-iteration': { client: 'openai-v6', mode: 'iterate' },
  'sdk-final-completion': { client: 'openai-v6', mode: 'helper' },
  'sdk-v5-iteration': { client: 'openai-v5', mode: 'iterate' },
  'sdk-v5-final-completion': { client: 'openai-v5', mode: 'helper' },
  'sdk-v4-iteration': { client: 'openai-v4', mode: 'iterate' },
  'sdk-v4-final-completion': { client: 'openai-v4', mode: 'helper' },
};

/** How the rule reads the stream, in the client's own API (for messages). */
export function sdkApi(rule: SdkRule): string {
  if (rule.mode === 'iterate') return 'for await over chat.completions.create({stream: true})';
  return rule.client === 'openai-v4' ? 'beta.chat.completions.stream().finalChatCompletion()' : 'chat.completions.stream().finalChatCompletion()';
}
