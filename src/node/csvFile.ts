import { createReadStream, statSync } from 'node:fs';
import { parse, CsvError } from 'csv-parse';
import { TableBuilder, type Table, type TableOptions } from '../data/table.js';
import { InputError } from '../util/errors.js';
import { rethrowFsError } from './fsErrors.js';
import { FILE_SIZE_LIMITS_MB, MB, tooLargeMessage } from './readFileCapped.js';

export interface CsvOptions extends TableOptions {
  /** Cap on the file's bytes; FILE_SIZE_LIMITS_MB.data when omitted. */
  maxBytes?: number;
}

/**
 * Reads a CSV table from a file, streaming: csv-parse (RFC 4180: quoted fields, quotes doubled inside
 * them, CRLF or LF, a UTF-8 byte-order mark) hands over one record at a time and TableBuilder converts it
 * to float32 at once. The first row is the header; empty lines are skipped. Refuses what is not a
 * regular file, and stops reading past `maxBytes`.
 */
export async function readCsvFile(path: string, opts: CsvOptions = {}): Promise<Table> {
  const maxBytes = opts.maxBytes ?? FILE_SIZE_LIMITS_MB.data * MB;
  try {
    const st = statSync(path);
    if (st.isDirectory()) throw new InputError(`${path}: is a folder, expected a CSV file`);
    if (!st.isFile()) throw new InputError(`${path}: is not a regular file, expected a CSV file`);
    if (st.size > maxBytes) throw new InputError(tooLargeMessage(path, maxBytes));
  } catch (err) {
    if (err instanceof InputError) throw err;
    rethrowFsError(err, path);
  }
  let read = 0;
  const stream = createReadStream(path, { highWaterMark: 1 << 20 });
  const chunks = (async function* () {
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      read += chunk.length;
      if (read > maxBytes) {
        stream.destroy();
        throw new InputError(tooLargeMessage(path, maxBytes));
      }
      yield chunk;
    }
  })();
  return parseCsv(chunks, path, opts);
}

/**
 * Parses CSV bytes (given whole, or as chunks as they arrive) into a Table. Pure apart from the parser:
 * the property tests feed it arbitrary bytes, and it must return a table or throw an InputError.
 */
export async function parseCsv(
  input: Uint8Array | AsyncIterable<Uint8Array> | Iterable<Uint8Array>,
  name: string,
  opts: TableOptions = {},
): Promise<Table> {
  const parser = parse({ bom: true, skip_empty_lines: true, info: true, relax_quotes: false });
  // Waits for room in the parser, or for its end: once the reader below stops (a bad header, a bad
  // row), the parser is destroyed and will never drain, and the feed must not wait for it forever.
  const room = (): Promise<void> =>
    new Promise((resolve) => {
      const done = (): void => {
        parser.off('drain', done);
        parser.off('close', done);
        resolve();
      };
      parser.once('drain', done);
      parser.once('close', done);
    });
  const feed = (async () => {
    try {
      const source = input instanceof Uint8Array ? [input] : input;
      for await (const chunk of source) {
        if (parser.destroyed) return;
        if (!parser.write(chunk)) await room();
      }
      if (!parser.destroyed) parser.end();
    } catch (err) {
      parser.destroy(err as Error);
    }
  })();
  let builder: TableBuilder | null = null;
  try {
    for await (const item of parser as AsyncIterable<{ record: string[]; info: { lines: number } }>) {
      if (builder === null) builder = new TableBuilder(name, item.record, opts);
      else builder.add(item.record, item.info.lines);
    }
  } catch (err) {
    parser.destroy();
    throw csvFault(err, name);
  } finally {
    await feed;
  }
  if (builder === null) throw new InputError(`${name}: empty: no header row and no data`);
  return builder.finish();
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
