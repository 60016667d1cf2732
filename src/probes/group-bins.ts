/**
 * The first-fit packing every kind of acceptance group is planned by (fields, accepted bad values, tolerated
 * headers): in the cases' order, each candidate joins the first group below MAX_GROUP members that sets none
 * of its keys to another value (two values of one key cannot both be in one request; the same value twice
 * is one request's), else opens a new group. A group of one
 * is no group: that member sends its own request, as without group testing.
 */

/** Members per group at most (a refusal costs at most 2·log2(MAX_GROUP) more requests). */
export const MAX_GROUP = 32;

export interface BinCandidate<M> {
  member: M;
  /**
   * What it sets in the request (top-level body keys, header names), each with what it sets it to: no two
   * members of a group set one key to different values. A kind that never shares a key gives each member's
   * own id as the value.
   */
  keys: Record<string, string>;
}

export function planBins<M extends { id: string }, G>(candidates: readonly (BinCandidate<M> | undefined)[], makeGroup: (members: M[]) => G): Map<string, G> {
  const bins: { members: M[]; keys: Map<string, string> }[] = [];
  for (const cand of candidates) {
    if (!cand) continue;
    const fits = (keys: Map<string, string>) => Object.entries(cand.keys).every(([k, v]) => (keys.get(k) ?? v) === v);
    let bin = bins.find((b) => b.members.length < MAX_GROUP && fits(b.keys));
    if (!bin) {
      bin = { members: [], keys: new Map() };
      bins.push(bin);
    }
    bin.members.push(cand.member);
    for (const [k, v] of Object.entries(cand.keys)) bin.keys.set(k, v);
  }
  const byId = new Map<string, G>();
  for (const b of bins) {
    if (b.members.length < 2) continue;
    const group = makeGroup(b.members);
    for (const m of b.members) byId.set(m.id, group);
  }
  return byId;
}
