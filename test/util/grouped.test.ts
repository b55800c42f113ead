import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { grouped } from '../../src/util/grouped.js';

describe('grouped', () => {
  it('writes what toLocaleString("en-US") writes, for whole numbers and for fractions', () => {
    fc.assert(
      fc.property(fc.integer({ min: -1e15, max: 1e15 }), (n) => {
        expect(grouped(n)).toBe(n.toLocaleString('en-US'));
      }),
    );
    fc.assert(
      fc.property(fc.double({ min: -1e9, max: 1e9, noNaN: true }), (x) => {
        expect(grouped(x)).toBe(x.toLocaleString('en-US'));
      }),
    );
  });

  it('groups the usual counts', () => {
    expect(grouped(0)).toBe('0');
    expect(grouped(999)).toBe('999');
    expect(grouped(1000)).toBe('1,000');
    expect(grouped(60000)).toBe('60,000');
    expect(grouped(8_000_000)).toBe('8,000,000');
    expect(grouped(1234.5678)).toBe('1,234.568');
    expect(grouped(Infinity)).toBe('Infinity');
  });
});
