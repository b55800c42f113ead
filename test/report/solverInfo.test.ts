/**
 * The report says which solver ran, why it stopped, after how many epochs or iterations, the final
 * objective and gradient norm (metrics.json since issue 9); a metrics.json from before those fields, or
 * with them tampered, still gets a report.
 */
import { describe, expect, it } from 'vitest';
import { historyOf, metricsOf, modelOf, pageProblems, reportOf, writeRun } from './syntheticRun.js';

const K = 3;

/** The page, and the notes about metrics.json (the synthetic folder has no data set, so galleries are noted too). */
async function page(metrics: Record<string, unknown>): Promise<{ html: string; notes: string[] }> {
  const dir = writeRun({
    'metrics.json': metrics,
    'history.json': historyOf(4),
    'model.json': await modelOf(K, 3, 3),
  });
  const { html, notes } = await reportOf(dir);
  return { html, notes: notes.filter((n) => n.startsWith('metrics.json')) };
}

describe('solver and stop reason in the report', () => {
  it('shows the solver, the stop reason, iterations, objective and gradient norm of an L-BFGS run', async () => {
    const { html, notes } = await page({
      ...metricsOf(K),
      solver: 'lbfgs',
      stopReason: 'converged',
      iterations: 212,
      finalObjective: 0.3794771234,
      gradNorm: 9.5e-5,
      bestEpoch: null,
    });
    expect(notes).toEqual([]);
    expect(pageProblems(html)).toEqual([]);
    // Settings → Run table.
    expect(html).toMatch(/<th scope="row">solver that ran<\/th><td>lbfgs<\/td>/);
    expect(html).toMatch(/<th scope="row">stopped because<\/th><td>converged: the gradient fell/);
    expect(html).toMatch(/<th scope="row">iterations run<\/th><td>212<\/td>/);
    expect(html).toMatch(/<th scope="row">final objective \(training\)<\/th><td>0\.379477<\/td>/);
    expect(html).toMatch(/<th scope="row">gradient ∞-norm there<\/th><td>9\.50e-5<\/td>/);
    // The training section's lead and the summary card.
    expect(html).toContain('The lbfgs solver ran 212 iterations and stopped (converged');
    expect(html).toContain('212 iterations of lbfgs on js');
    expect(html).toContain('Training, iteration by iteration');
    expect(html).toContain('<tr><th>iteration</th><th>training loss</th>');
  });

  it('says which epoch early stopping kept, and shows a diverged run’s missing objective as a dash', async () => {
    const early = await page({
      ...metricsOf(K),
      solver: 'sgd',
      stopReason: 'patience',
      iterations: 9,
      finalObjective: 0.41,
      gradNorm: 0.02,
      bestEpoch: 4,
    });
    expect(early.html).toMatch(/<th scope="row">epoch kept \(best on validation\)<\/th><td>4<\/td>/);
    expect(early.html).toContain('The sgd solver ran 9 epochs and stopped (patience: early stopping');
    expect(early.html).toContain('The weights of epoch 4 are kept.');
    // JSON writes NaN as null.
    const diverged = await page({
      ...metricsOf(K),
      solver: 'sgd',
      stopReason: 'diverged',
      iterations: 2,
      finalObjective: null,
      gradNorm: null,
      bestEpoch: null,
    });
    expect(diverged.notes).toEqual([]);
    expect(diverged.html).toMatch(/<th scope="row">final objective \(training\)<\/th><td>—<\/td>/);
    expect(diverged.html).toContain('stopped (diverged');
  });

  it('still reports a metrics.json from before these fields, without them and without a note', async () => {
    const { html, notes } = await page(metricsOf(K));
    expect(notes).toEqual([]);
    expect(pageProblems(html)).toEqual([]);
    expect(html).toContain('id="settings"');
    expect(html).toContain('id="training"');
    expect(html).not.toContain('solver that ran');
    expect(html).not.toContain('stopped because');
    expect(html).toMatch(/<th scope="row">epochs run<\/th><td>3<\/td>/);
    expect(html).toContain('3 epochs on js');
  });

  it('leaves out a tampered field with a note naming it, and shows the rest', async () => {
    const { html, notes } = await page({
      ...metricsOf(K),
      solver: '<script>alert(1)</script>',
      stopReason: 'bored',
      iterations: -3,
      finalObjective: 0.5,
      gradNorm: 'small',
    });
    expect(notes.some((n) => /^metrics\.json: solver: .*left out$/.test(n))).toBe(true);
    expect(notes.some((n) => /^metrics\.json: stopReason: .*got "bored": left out$/.test(n))).toBe(true);
    expect(notes.some((n) => /^metrics\.json: iterations: .*got -3: left out$/.test(n))).toBe(true);
    expect(notes.some((n) => /^metrics\.json: gradNorm: .*got "small": left out$/.test(n))).toBe(true);
    expect(pageProblems(html)).toEqual([]);
    expect(html).toMatch(/<th scope="row">final objective \(training\)<\/th><td>0\.500000<\/td>/);
    expect(html).not.toContain('solver that ran');
  });
});
