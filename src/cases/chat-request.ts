/**
 * The request `io.chat` sends: the baseline body with `extra` added (a field set to undefined is removed),
 * POSTed to the chat path. One function, so that a CaseIO wrapped around another (group-ignored.ts) builds
 * exactly the request the run's own io would, and request sharing sees the same body.
 */
import type { OutgoingRequest } from '../transport/types.js';
import type { CaseIO } from './types.js';

type ChatOptions = Partial<OutgoingRequest> & { stream?: boolean };

export function chatRequest(io: Pick<CaseIO, 'baselineBody' | 'chatPath'>, extra: Record<string, unknown>, opts: ChatOptions = {}): OutgoingRequest {
  const { stream = false, ...rest } = opts;
  const body: Record<string, unknown> = { ...io.baselineBody(stream) };
  for (const [k, v] of Object.entries(extra)) {
    if (v === undefined) delete body[k];
    else body[k] = v;
  }
  return { method: 'POST', path: io.chatPath, json: body, ...rest };
}
