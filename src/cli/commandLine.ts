/** The command as typed, quoted where a shell would need it: recorded in metrics.json and studies. */
export function commandLine(): string {
  return ['softmax', ...process.argv.slice(2)]
    .map((a) => (/^[\w./=,:-]+$/.test(a) ? a : JSON.stringify(a)))
    .join(' ');
}
