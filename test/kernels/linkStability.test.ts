import { describe, expect, it } from 'vitest';
import { linkLossGradRow, linkProbaRow } from '../../src/kernels/link.js';
import type { Link } from '../../src/kernels/types.js';

/** Tolerance for probabilities that must sum to one. */
const SUM_TOL = 1e-6;

const cases: { name: string; z: number[]; y: number }[] = [
  { name: 'logits of +1000', z: [1000, 999, -1000], y: 0 },
  { name: 'logits of −1000', z: [-1000, -1000, -999], y: 1 },
  { name: 'mixed ±1000, wrong class', z: [1000, -1000, 0], y: 1 },
  { name: 'all equal', z: [0, 0, 0], y: 2 },
];

describe.each<Link>(['softmax', 'ovr'])('%s link is stable', (link) => {
  it.each(cases)('$name', ({ z, y }) => {
    const k = z.length;
    const d = new Float64Array(k);
    const loss = linkLossGradRow(link, Float64Array.from(z), 0, k, y, d);
    expect(Number.isFinite(loss)).toBe(true);
    expect(loss).toBeGreaterThanOrEqual(0);
    for (const v of d) expect(Number.isFinite(v)).toBe(true);
    const p = new Float32Array(k);
    linkProbaRow(link, Float64Array.from(z), 0, k, p, 0);
    for (const v of p) expect(v >= 0 && v <= 1).toBe(true);
    expect(Math.abs(p.reduce((a, b) => a + b, 0) - 1)).toBeLessThan(SUM_TOL);
  });

  it('a confident right answer costs almost nothing, a confident wrong one about the margin', () => {
    const d = new Float64Array(2);
    expect(linkLossGradRow(link, Float64Array.of(1000, -1000), 0, 2, 0, d)).toBeLessThan(1e-9);
    expect(linkLossGradRow(link, Float64Array.of(1000, -1000), 0, 2, 1, d)).toBeGreaterThan(999);
  });
});

it('softmax gradient is p − onehot(y)', () => {
  const z = Float64Array.of(1, 2, 3);
  const d = new Float64Array(3);
  linkLossGradRow('softmax', z, 0, 3, 1, d);
  const e = [1, 2, 3].map(Math.exp);
  const s = e[0] + e[1] + e[2];
  expect(d[0]).toBeCloseTo(e[0] / s, 12);
  expect(d[1]).toBeCloseTo(e[1] / s - 1, 12);
  expect(d[2]).toBeCloseTo(e[2] / s, 12);
});
