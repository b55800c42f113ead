import { basename } from 'node:path';
import { REPORT_LIMITS } from '../limits.js';
import { oneLine } from '../text.js';
import { count, esc, pct, seconds } from './markup.js';
import type { RunFolder } from './runFolder.js';
import { stepUnit } from './solverInfo.js';
import { isObject, type Card } from './studyCommon.js';

/** The page title: what was trained on what. */
export function reportTitle(run: RunFolder): string {
  const study = [run.reproduce, run.sweep].find(isObject);
  const data =
    run.metrics?.data ??
    (isObject(study?.data) ? (study.data as { dir?: string; isFashionMnist?: boolean }) : undefined);
  const dataName =
    data?.isFashionMnist === true
      ? 'Fashion-MNIST'
      : typeof data?.dir === 'string' && data.dir !== ''
        ? oneLine(basename(data.dir), REPORT_LIMITS.nameChars)
        : null;
  const kind = run.reproduce ? 'Reproduction' : run.sweep ? 'Sweep' : 'Softmax classifier';
  return dataName ? `${kind} on ${dataName}` : kind;
}

/**
 * The head of the page: title, where the run lives and when it was made, and the few numbers a reader
 * wants first, as large cards.
 */
export function summaryHeader(run: RunFolder, studyCards: Card[] = []): string {
  const m = run.metrics;
  const label = m?.evaluatedOn ?? 'test';
  const cards: Card[] = studyCards.map(([k, v, sub]) => [k, esc(v), esc(sub)]);
  if (m?.accuracy !== undefined) {
    cards.push([`${label} accuracy`, pct(m.accuracy), `${count(m.data?.testCount)} ${label} images`]);
  }
  // The original's measure only differs from the accuracy when more than 2,000 images were scored.
  if (m?.accuracyFirst2000 !== undefined && label === 'test' && (m.data?.testCount ?? 0) > 2000) {
    cards.push(['first 2,000', pct(m.accuracyFirst2000), 'test images, the original’s measure']);
  }
  if (m?.meanPerClassAccuracy !== undefined) {
    cards.push(['mean per class', pct(m.meanPerClassAccuracy), 'accuracy averaged over classes']);
  }
  if (m?.perClass && m.perClass.length > 0) {
    const worst = [...m.perClass].sort((a, b) => a.accuracy - b.accuracy)[0];
    cards.push([
      'weakest class',
      esc(oneLine(worst.name, REPORT_LIMITS.nameChars)),
      `${pct(worst.accuracy, 1)} right`,
    ]);
  }
  if (m?.logLoss !== undefined) cards.push(['log loss', m.logLoss.toFixed(3), `on the ${label} set`]);
  if (m?.trainSeconds !== undefined) {
    cards.push([
      'training time',
      seconds(m.trainSeconds),
      `${m.iterations ?? m.epochs ?? '?'} ${stepUnit(m)}s` +
        (m.solver !== undefined ? ` of ${esc(m.solver)}` : '') +
        ` on ${esc(oneLine(m.backend ?? '?', 40))}`,
    ]);
  }
  const html = cards
    .map(
      ([k, v, sub], i) =>
        `<div class="card${i === 0 ? ' main' : ''}"><div class="k">${esc(k)}</div>` +
        `<div class="v">${v}</div><div class="sub">${sub}</div></div>`,
    )
    .join('');
  const when =
    run.modified.getTime() > 0 ? run.modified.toISOString().replace('T', ' ').slice(0, 16) + ' UTC' : '';
  return (
    `<header class="top"><h1>${esc(reportTitle(run))}</h1>` +
    `<p class="where"><code>${esc(run.dir)}</code>${when ? ` · ${esc(when)}` : ''}</p>` +
    (cards.length > 0 ? `<div class="cards">${html}</div>` : '') +
    `</header>`
  );
}
