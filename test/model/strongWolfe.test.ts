import { describe, expect, it } from 'vitest';
import {
  cubicInterpolate,
  LINE_SEARCH_DEFAULTS,
  strongWolfe,
  type LinePoint,
} from '../../src/model/solvers/strongWolfe.js';

/** Functions of the step t along a descent direction, each with its derivative. */
const cases: { name: string; f: (t: number) => number; df: (t: number) => number; t0: number }[] = [
  { name: 'quadratic, first trial accepted', f: (t) => (t - 1) ** 2, df: (t) => 2 * (t - 1), t0: 1 },
  {
    name: 'quadratic, first trial far too long (zoom)',
    f: (t) => (t - 0.01) ** 2,
    df: (t) => 2 * (t - 0.01),
    t0: 5,
  },
  {
    name: 'quadratic, first trial far too short (extrapolate)',
    f: (t) => (t - 50) ** 2,
    df: (t) => 2 * (t - 50),
    t0: 1e-3,
  },
  { name: 'quartic', f: (t) => (t - 2) ** 4 - 3 * t, df: (t) => 4 * (t - 2) ** 3 - 3, t0: 1 },
  {
    name: 'log-sum-exp along a line (a softmax loss)',
    f: (t) => Math.log(Math.exp(2 - 3 * t) + Math.exp(-1 + t) + 1) + 0.01 * t * t,
    df: (t) => {
      const a = Math.exp(2 - 3 * t);
      const b = Math.exp(-1 + t);
      return (-3 * a + b) / (a + b + 1) + 0.02 * t;
    },
    t0: 1,
  },
  {
    name: 'a trial step where the value is infinite',
    f: (t) => (t > 3 ? Infinity : (t - 1) ** 2),
    df: (t) => (t > 3 ? NaN : 2 * (t - 1)),
    t0: 10,
  },
];

describe('strong-Wolfe line search', () => {
  it.each(cases)('accepts a step satisfying both conditions: $name', ({ f, df, t0 }) => {
    const at = (t: number): LinePoint<null> => ({ t, f: f(t), slope: df(t), state: null });
    const start = at(0);
    expect(start.slope).toBeLessThan(0);
    const r = strongWolfe(at, start, t0, 1);
    const { c1, c2 } = LINE_SEARCH_DEFAULTS;
    expect(r.done).toBe(true);
    expect(r.point.f).toBeLessThanOrEqual(start.f + c1 * r.point.t * start.slope);
    expect(Math.abs(r.point.slope)).toBeLessThanOrEqual(c2 * Math.abs(start.slope));
    expect(r.evaluations).toBeLessThanOrEqual(LINE_SEARCH_DEFAULTS.maxTrials + 1);
  });

  it('returns the start (no decrease) when every trial is worse', () => {
    // A function whose slope at 0 lies (as rounding can make it): it only rises.
    const at = (t: number): LinePoint<null> => ({
      t,
      f: t === 0 ? 0 : 1 + t,
      slope: t === 0 ? -1 : 1,
      state: null,
    });
    const r = strongWolfe(at, at(0), 1, 1);
    expect(r.done).toBe(false);
    expect(r.point.t).toBe(0);
  });

  type Args = Parameters<typeof cubicInterpolate>;
  it.each([
    { name: 'cubic minimum inside', args: [0, 0, -1, 1, 0, 1] as Args, want: 0.5 },
    { name: 'no minimum: the middle', args: [0, 0, 5, 1, 10 / 3, 5] as Args, want: 0.5 },
  ])('cubicInterpolate: $name', ({ args, want }) => {
    expect(cubicInterpolate(...args)).toBeCloseTo(want, 12);
  });
});
