/**
 * Message fields whose probe is one user turn (an image part, a content array, a part's cache_control, a
 * message-level key such as modalities) join an acceptance group as one merged user turn (group-plan.ts rule 4):
 * the turn stays the conversation's only and last turn, so a server that reads only the last turn, or validates
 * turns by position, reads every member's change where that member's own request puts it. Turns of several
 * members concatenated would not be: one member's turn would end up before another's, where such a server does
 * not look (the mock-llm test bed answered a content array it refuses as the last turn once it was not last).
 *
 * The merge: the message-level keys of every member (two members setting one key to different values do not
 * merge: `mergeKeys` gives the plan what each sets), and the content as parts, a string content being one text
 * part; text parts with the same text are one part carrying every member's keys on it (unless two set one key
 * differently: then both parts are kept), other parts (an image) are appended in order.
 */
type Body = Record<string, unknown>;
type Part = Record<string, unknown>;

const asParts = (content: unknown): Part[] | undefined =>
  typeof content === 'string' ? [{ type: 'text', text: content }] : Array.isArray(content) ? (content as Part[]) : undefined;

/**
 * The one user turn a member's probe sends, or undefined when its turns are anything else, or its content is
 * neither a string nor parts (mergeUserTurns could not merge it: the plan must not group it as one turn, or the
 * turns would be sent one after the other, where a server that reads only the last does not look).
 */
export function oneUserTurn(messages: readonly Body[] | undefined): Body | undefined {
  return messages?.length === 1 && messages[0].role === 'user' && asParts(messages[0].content) ? messages[0] : undefined;
}

/** What a one-turn member sets at the message level, beside role and content (the plan keeps two values of a key apart). */
export function mergeKeys(turn: Body): Record<string, string> {
  return Object.fromEntries(
    Object.entries(turn)
      .filter(([k]) => k !== 'role' && k !== 'content')
      .map(([k, v]) => [`user turn: ${k}`, JSON.stringify(v)]),
  );
}

/** Adds a part: onto a text part with the same text when none of its keys disagree, else as a part of its own. */
function addPart(parts: Part[], part: Part): void {
  const same = part.type === 'text' ? parts.find((p) => p.type === 'text' && p.text === part.text) : undefined;
  const agrees = same && Object.entries(part).every(([k, v]) => !(k in same) || JSON.stringify(same[k]) === JSON.stringify(v));
  if (same && agrees) Object.assign(same, part);
  else parts.push({ ...part });
}

/**
 * The turns merged into one user turn; a single turn is returned as it is (key for key: a group of one is the
 * member's own request). Undefined when a content is neither a string nor parts, or two members set one
 * message-level key to different values.
 */
export function mergeUserTurns(turns: readonly Body[]): Body | undefined {
  if (turns.length === 1) return turns[0];
  const merged: Body = { role: 'user' };
  const parts: Part[] = [];
  for (const t of turns) {
    const own = asParts(t.content);
    if (!own) return undefined;
    for (const p of own) addPart(parts, p);
    for (const [k, v] of Object.entries(t)) {
      if (k === 'role' || k === 'content') continue;
      if (k in merged && JSON.stringify(merged[k]) !== JSON.stringify(v)) return undefined;
      merged[k] = v;
    }
  }
  // Every member sent the same plain text: the merged turn keeps it a string, as each member's own request did.
  const plain = parts.length === 1 && Object.keys(parts[0]).length === 2 && turns.every((t) => typeof t.content === 'string');
  merged.content = plain ? parts[0].text : parts;
  return merged;
}
