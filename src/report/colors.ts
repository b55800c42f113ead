import { styleText } from 'node:util';

type Style = Parameters<typeof styleText>[0];

/** Colour only for a terminal that wants it (a TTY, without NO_COLOR); plain text in files and pipes. */
export function paint(style: Style, text: string, stream: NodeJS.WriteStream = process.stdout): string {
  const on = stream.isTTY === true && process.env.NO_COLOR === undefined && process.env.FORCE_COLOR !== '0';
  return on || process.env.FORCE_COLOR === '1' ? styleText(style, text) : text;
}
