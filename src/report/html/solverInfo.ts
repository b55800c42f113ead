import type { StopReason } from '../../model/train.js';
import { esc } from './markup.js';
import type { RunMetrics } from './runFolder.js';

/**
 * Which solver ran and why it stopped, as the report shows them (metrics.json's solver, stopReason,
 * iterations, finalObjective, gradNorm, bestEpoch: TrainResult). Run folders written before these fields
 * existed have none of them; each is shown only when present, so such a folder gets the rest of the page.
 */

/** What each stop reason means, in words a reader can act on (typed by the trainer's StopReason, so a
 *  reason added there, or one the metrics schema does not know, fails to compile). */
const STOP_WORDS: Record<StopReason, string> = {
  converged: 'converged: the gradient fell to the tolerance, or no step lowered the objective',
  tolerance: 'tolerance: the objective changed by less than the tolerance between epochs',
  patience: 'patience: early stopping saw no better validation accuracy for --patience epochs',
  limit: 'limit: the most epochs or iterations allowed ran out',
  diverged: 'diverged: the loss became non-finite or exploded',
};

/** 'iteration' for full-batch L-BFGS, 'epoch' for the mini-batch solvers and unknown ones. */
export function stepUnit(m: RunMetrics | null | undefined): 'iteration' | 'epoch' {
  return m?.solver === 'lbfgs' ? 'iteration' : 'epoch';
}

/** Rows for the settings section's Run table; empty for an older metrics.json. */
export function solverRows(m: RunMetrics | null | undefined): [string, string][] {
  if (!m) return [];
  const rows: [string, string][] = [];
  const unit = stepUnit(m);
  if (m.solver !== undefined) rows.push(['solver that ran', esc(m.solver)]);
  if (m.stopReason !== undefined) rows.push(['stopped because', esc(STOP_WORDS[m.stopReason])]);
  if (m.iterations !== undefined) rows.push([`${unit}s run`, String(m.iterations)]);
  if (typeof m.bestEpoch === 'number') rows.push([`${unit} kept (best on validation)`, String(m.bestEpoch)]);
  if (m.finalObjective !== undefined) rows.push(['final objective (training)', number(m.finalObjective, 6)]);
  if (m.gradNorm !== undefined) rows.push(['gradient ∞-norm there', exponent(m.gradNorm)]);
  return rows;
}

/**
 * One sentence for the training section's lead ("lbfgs ran 212 iterations and stopped: converged …"), or
 * '' when metrics.json does not say (older run folders).
 */
export function stopSentence(m: RunMetrics | null | undefined): string {
  if (!m || m.solver === undefined || m.stopReason === undefined) return '';
  const unit = stepUnit(m);
  const ran =
    m.iterations === undefined ? '' : ` ran ${m.iterations} ${unit}${m.iterations === 1 ? '' : 's'} and`;
  const kept = typeof m.bestEpoch === 'number' ? ` The weights of ${unit} ${m.bestEpoch} are kept.` : '';
  return ` The ${esc(m.solver)} solver${ran} stopped (${esc(STOP_WORDS[m.stopReason])}).${kept}`;
}

function number(x: number | null, digits: number): string {
  return typeof x === 'number' && Number.isFinite(x) ? x.toFixed(digits) : '—';
}

function exponent(x: number | null): string {
  return typeof x === 'number' && Number.isFinite(x) ? x.toExponential(2) : '—';
}
