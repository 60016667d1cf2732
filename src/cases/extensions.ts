/**
 * Cases for provider extensions (`extension.<name>`): one per `extensions` row, and one per key of
 * `errorEnvelope.extensions` that no row already names (an envelope key every error carries, which the
 * error.* cases check on each answer too; this case makes it visible on its own). The check: src/checks/registry/extensions.ts.
 */
import type { ExtensionRow, Profile } from '../spec/profile.types.js';
import type { CaseDef } from './types.js';
import { rowCases } from './rows.js';

export function extensionCases(profile: Profile, reference: Profile): CaseDef<ExtensionRow>[] {
  const rows: [string, ExtensionRow][] = Object.entries(profile.extensions ?? {});
  const envelope = profile.errorEnvelope;
  for (const [name, schema] of Object.entries(envelope?.extensions ?? {})) {
    if (!rows.some(([n]) => n === name))
      rows.push([name, { in: 'error', status: 'present', schema, source: envelope!.source, note: 'declared in errorEnvelope.extensions' }]);
  }
  return rowCases('extension', Object.fromEntries(rows), reference.extensions, { profile, reference });
}
