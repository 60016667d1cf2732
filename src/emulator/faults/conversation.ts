/**
 * Faults for conversations (issue #15's peer checks): the agent loop's tool round trip, a tool result that
 * answers no issued call, and history with assistant turns. Each is a breakage seen in the field: servers
 * that refuse `role: "tool"` messages, servers that never check which call a result answers, and completion-
 * only backends that refuse assistant turns in the history.
 */
import type { Fault } from './types.js';

type Obj = Record<string, unknown>;

const messagesOf = (body: unknown): Obj[] => (Array.isArray((body as Obj | undefined)?.messages) ? ((body as Obj).messages as Obj[]) : []);
const refusal = (param: string) => ({ status: 400, type: 'invalid_request_error', param, code: 'invalid_value', message: `Invalid value for '${param}'.` });

export const conversationFaults: Fault[] = [
  {
    id: 'tool-results-refused',
    description: 'refuses messages with the tool role (400), so no tool result can be sent back',
    catches: ['message.role.tool', 'message.tool_calls', 'message.tool_call_id', 'message.assistant-null-content-with-tool-calls', 'message.tool-round-trip'],
    evidence: 'peers-and-breakages.md: servers whose chat template has no tool role (a 400 on the agent loop second turn)',
    refuse(body) {
      return messagesOf(body).some((m) => m?.role === 'tool') ? refusal('messages.role') : undefined;
    },
  },
  {
    id: 'tool-call-id-unchecked',
    description: 'accepts a tool result that answers a tool_call_id the assistant turn never issued',
    catches: ['message.tool_call_id.mismatch'],
    evidence: 'servers that render tool results into a template without matching them to calls (OpenAI answers 400)',
    request(body) {
      // Each tool message is taken to answer the nearest assistant call: the mismatch is never seen.
      let issued: unknown;
      const messages = messagesOf(body).map((m) => {
        if (m?.role === 'assistant' && Array.isArray(m.tool_calls)) issued = (m.tool_calls[0] as Obj | undefined)?.id;
        return m?.role === 'tool' && issued !== undefined ? { ...m, tool_call_id: issued } : m;
      });
      return messagesOf(body).length ? { ...body, messages } : body;
    },
  },
  {
    id: 'assistant-history-refused',
    description: 'refuses a conversation that has an assistant turn without tool calls in its history (400)',
    catches: ['message.multi-turn', 'message.role.assistant', 'message.audio', 'message.refusal'],
    evidence: 'completion-only backends behind a chat facade that accept a single user turn',
    refuse(body) {
      return messagesOf(body).some((m) => m?.role === 'assistant' && !Array.isArray(m.tool_calls) && !m.function_call) ? refusal('messages.role') : undefined;
    },
  },
];
