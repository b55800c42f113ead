import { CsvError, parse } from 'csv-parse/sync';
import { InputError } from '../util/errors.js';
import { TableBuilder, type Table, type TableOptions } from './table.js';

/**
 * csv-parse's Node build, given a Buffer, decodes it field by field (a file may be larger than the
 * longest string V8 holds, 512 MB); its browser build, which package.json's "browser" field puts in its
 * place for bundlers, reads only text. So bytes stay bytes under Node and become text elsewhere.
 */
type NodeBufferClass = { from(b: ArrayBufferLike, offset: number, length: number): Uint8Array };
const nodeBuffer = (globalThis as { process?: { versions?: { node?: string } }; Buffer?: NodeBufferClass })
  .process?.versions?.node
  ? (globalThis as { Buffer?: NodeBufferClass }).Buffer
  : undefined;

/**
 * Parses a CSV file's bytes into a Table: csv-parse (RFC 4180: quoted fields, quotes doubled inside them,
 * CRLF or LF, a UTF-8 byte-order mark) hands over one record at a time and TableBuilder converts it to
 * float32 at once, so no array of strings is kept. The first row is the header; empty lines are skipped.
 * Pure: the Node reader (node/csvFile.ts) and the page's worker both call it, and the property tests feed
 * it arbitrary bytes; it returns a table or throws an InputError naming `name`, the row and the column.
 */
export function parseCsv(bytes: Uint8Array, name: string, opts: TableOptions = {}): Table {
  let builder: TableBuilder | null = null;
  const input = nodeBuffer
    ? nodeBuffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)
    : decodeText(bytes, name);
  try {
    parse(input, {
      bom: true,
      skip_empty_lines: true,
      relax_quotes: false,
      // Each record goes straight into the builder; returning nothing keeps csv-parse from collecting it.
      on_record: (record: string[], info: { lines: number }) => {
        if (builder === null) builder = new TableBuilder(name, record, opts, lineCount(bytes));
        else builder.add(record, info.lines);
        return undefined;
      },
    });
  } catch (err) {
    throw csvFault(err, name);
  }
  if (builder === null) throw new InputError(`${name}: empty: no header row and no data`);
  return (builder as TableBuilder).finish();
}

/** Lines in the file (newlines, plus a last line without one): at least its records, header included. */
function lineCount(bytes: Uint8Array): number {
  let lines = 0;
  for (let at = bytes.indexOf(10); at >= 0; at = bytes.indexOf(10, at + 1)) lines++;
  return bytes.length > 0 && bytes[bytes.length - 1] !== 10 ? lines + 1 : lines;
}

function decodeText(bytes: Uint8Array, name: string): string {
  try {
    return new TextDecoder().decode(bytes);
  } catch {
    // Past the longest string the engine holds (about 512 MB): only the browser build needs text.
    throw new InputError(`${name}: too large to read as text in this browser`);
  }
}

/** csv-parse's errors, in our words, naming the file and the row. */
function csvFault(err: unknown, name: string): unknown {
  if (err instanceof InputError || !(err instanceof CsvError)) {
    if (err instanceof Error && !(err instanceof InputError) && /encoding|utf/i.test(err.message)) {
      return new InputError(`${name}: not readable as UTF-8 text`);
    }
    return err;
  }
  const e = err as CsvError & { lines?: number; record?: string[] };
  const row = e.lines ?? '?';
  switch (e.code) {
    case 'CSV_RECORD_INCONSISTENT_FIELDS_LENGTH': {
      const got = e.record?.length;
      const want = /expect (\d+)/.exec(e.message)?.[1];
      return new InputError(
        `${name}: row ${row} has ${got ?? 'a different number of'} field${got === 1 ? '' : 's'}, the header has ${want ?? 'another number'} (ragged rows)`,
      );
    }
    case 'CSV_QUOTE_NOT_CLOSED':
      return new InputError(`${name}: row ${row}: a quoted field is never closed`);
    case 'INVALID_OPENING_QUOTE':
    case 'CSV_INVALID_CLOSING_QUOTE':
      return new InputError(
        `${name}: row ${row}: a quote inside a field that is not quoted (write it as "" inside quotes)`,
      );
    default:
      return new InputError(
        `${name}: row ${row}: not valid CSV (${e.message.replace(/\s+/g, ' ').slice(0, 120)})`,
      );
  }
}
