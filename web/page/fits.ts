/**
 * Whether a model can be scored on the data loaded (the same kind, size and channels), and the words
 * that say what each reads when it cannot.
 */
import type * as P from '../../src/browser/protocol.js';
import { inputOf, type ModelJSON } from '../../src/model/modelFormat.js';

/** Whether a model reads data of this kind, size and channels. */
export function fits(m: ModelJSON, s: P.DataSummary): boolean {
  const input = inputOf(m);
  const channels = input.kind === 'images' ? input.channels : 1;
  return input.kind === s.kind && m.height === s.height && m.width === s.width && channels === s.channels;
}

export function describeInput(m: ModelJSON): string {
  const input = inputOf(m);
  return input.kind === 'table'
    ? `a table of ${input.featureNames.length} columns`
    : `${input.width}×${input.height}${input.channels === 3 ? ' colour' : ''} images`;
}

export function describeSummary(s: P.DataSummary): string {
  return s.kind === 'table'
    ? `a table of ${s.featureNames.length} columns`
    : `${s.width}×${s.height}${s.channels === 3 ? ' colour' : ''} images`;
}
