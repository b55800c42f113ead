/** Shared pieces of the property tests over readers of outside bytes (fast-check). */
import fc from 'fast-check';
import { expect } from 'vitest';
import { InputError } from '../../src/util/errors.js';

/** A reader may refuse its input, but only with an InputError of one line. */
export function expectInputError(err: unknown): void {
  if (!(err instanceof InputError)) throw new Error(`threw ${String(err)} instead of an InputError`);
  expect(err.message).not.toMatch(/[\r\n]/);
}

/** Runs `fn`; an InputError is an acceptable outcome, any other exception fails the property. */
export function valueOrInputError(fn: () => unknown): void {
  try {
    fn();
  } catch (err) {
    expectInputError(err);
  }
}

/** A valid input with random edits: byte overwrites, a cut, an appended tail. */
export function mutated(valid: Uint8Array): fc.Arbitrary<Uint8Array> {
  return fc
    .record({
      edits: fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { maxLength: 6 }),
      cut: fc.option(fc.nat(), { nil: undefined }),
      tail: fc.uint8Array({ maxLength: 16 }),
    })
    .map(({ edits, cut, tail }) => {
      const b = Uint8Array.from(valid);
      for (const [at, v] of edits) b[at % b.length] = v;
      const kept = cut === undefined ? b : b.subarray(0, cut % (b.length + 1));
      const out = new Uint8Array(kept.length + tail.length);
      out.set(kept);
      out.set(tail, kept.length);
      return out;
    });
}
