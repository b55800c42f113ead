/**
 * Two small helpers every part of the page uses to write what it shows: a card's or a line's text by
 * element id, and a share (0..1) as a percentage with one decimal.
 */
import { byId } from '../ui/dom.js';

export function text(id: string, s: string): void {
  byId(id).textContent = s;
}

export function pct(v: number): string {
  return `${(100 * v).toFixed(1)}%`;
}
