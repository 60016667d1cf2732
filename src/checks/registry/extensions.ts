/** The check of provider extensions (`extension.<name>`): any row, read where its `in:` says. */
import type { ExtensionRow } from '../../spec/profile.types.js';
import { describeExtensionRow, judgeExtension, observeExtension } from '../extensions/extension.js';
import type { CheckDef } from './types.js';

export const EXTENSION_CHECKS: readonly CheckDef<ExtensionRow>[] = [
  {
    id: 'extension.*',
    area: 'extension',
    reads: 'the answers its `in:` names (the baseline, a stream, an error answer, the model list: all shared)',
    decides: { kind: 'protocol', signal: 'the extension field present (and valid against its schema) where declared' },
    file: 'src/checks/extensions/extension.ts',
    check: {
      describe: describeExtensionRow,
      observe: (io, name, row) => observeExtension(io, name, row),
      judge: (obs, row, name) => judgeExtension(name, row)(obs),
    },
  },
];
