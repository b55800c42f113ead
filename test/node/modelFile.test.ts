import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadModelFile } from '../../src/cli/loadModel.js';
import { predictCommand } from '../../src/cli/predict.js';
import { parseJsonText, syntaxErrorAt } from '../../src/node/jsonFile.js';
import { InputError } from '../../src/util/errors.js';
import { pngBytes, scratch, tinyModelJSON } from './fixtures.js';

const dir = scratch();
let modelText = '';
beforeAll(() => {
  modelText = JSON.stringify(tinyModelJSON());
});

function write(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

describe('parseJsonText: a syntax error is one line naming the file and where', () => {
  const cases: [string, RegExp][] = [
    ['', /^m\.json: not valid JSON \(empty file\)$/],
    ['  \n', /^m\.json: not valid JSON \(empty file\)$/],
    ['{"a": 1', /^m\.json: not valid JSON \(ends too early\)$/],
    ['{"a":}', /^m\.json: not valid JSON \(at position 5, line 1 column 6: unexpected '}'\)$/],
    ['hello', /at position 0, line 1 column 1: unexpected 'h'/],
    ['{\n  "a": [1, 2,]\n}', /at position 15, line 2 column 14: unexpected '\]'/],
    ['[1] x', /at position 4, line 1 column 5: unexpected 'x'/],
    ['"a\u0001b"', /at position 0.*unexpected '"'|unexpected U\+0001/],
    ['{"a" 1}', /at position 5, line 1 column 6: unexpected '1'/],
    ['\u2028{}', /unexpected U\+2028/],
  ];
  it.each(cases)('%j', (text, message) => {
    const run = () => parseJsonText(text, 'm.json');
    expect(run).toThrow(InputError);
    expect(run).toThrow(message);
  });

  it('accepts a byte-order mark, and says nothing of the bytes after the error', () => {
    expect(parseJsonText('\ufeff{"a":1}', 'm.json')).toEqual({ a: 1 });
    expect(() => parseJsonText('{"a":' + 'x'.repeat(10_000), 'm.json')).toThrow(
      /^m\.json: not valid JSON \(at position 5, line 1 column 6: unexpected 'x'\)$/,
    );
  });

  it('syntaxErrorAt agrees with JSON.parse on valid JSON, however deep', () => {
    for (const text of [
      '0',
      '-1.5e+3',
      '"\\u00e9\\n"',
      '[]',
      '{}',
      '{"a":[1,{"b":null}],"c":true}',
      '['.repeat(100_000) + ']'.repeat(100_000),
    ]) {
      expect(syntaxErrorAt(text)).toBeUndefined();
    }
  });
});

describe('loadModelFile', () => {
  it('loads a model written by toJSON', () => {
    const clf = loadModelFile(write('model.json', modelText));
    expect(clf.imageShape).toEqual({ height: 4, width: 4 });
  });

  it('a model over the size cap says that, whatever its size', () => {
    const path = write('big.json', modelText);
    expect(() => loadModelFile(path, 100)).toThrow(
      /^--model: .*big\.json: larger than the 100-byte limit \(raise it with --max-file-size\)$/,
    );
  });

  it('a syntax error in a model file is one line', () => {
    const path = write('cut.json', modelText.slice(0, 200) + '}');
    expect(() => loadModelFile(path)).toThrow(
      /cut\.json: not valid JSON \(at position \d+, line 1 column \d+: unexpected /,
    );
  });

  it.each([
    [
      'a folder',
      () => (mkdirSync(join(dir, 'folder.json')), join(dir, 'folder.json')),
      /folder\.json: is a folder, expected a file \(EISDIR\)$/,
    ],
    ['/dev/zero', () => '/dev/zero', /^--model: \/dev\/zero: is a device, expected a regular file$/],
    [
      'a symlink loop',
      () => {
        symlinkSync(join(dir, 'b.json'), join(dir, 'a.json'));
        symlinkSync(join(dir, 'a.json'), join(dir, 'b.json'));
        return join(dir, 'a.json');
      },
      /a\.json: too many levels of symbolic links .*\(ELOOP\)$/,
    ],
    ['a missing file', () => join(dir, 'none.json'), /^--model: file not found: .*none\.json$/],
  ])('%s is refused in one line naming it', (_, makePath, message) => {
    const path = makePath();
    const run = () => loadModelFile(path);
    expect(run).toThrow(InputError);
    expect(run).toThrow(message);
  });
});

describe('softmax predict (in process)', () => {
  const predict = (...args: string[]) => predictCommand().exitOverride().parseAsync(args, { from: 'user' });

  it('refuses /dev/zero, a PNG of another size and a model over --max-file-size, each in one line', async () => {
    const model = write('predict-model.json', modelText);
    const big = join(dir, 'big.png');
    writeFileSync(big, pngBytes({ width: 20_000, height: 20_000 }));
    await expect(predict('--model', model, '/dev/zero')).rejects.toThrow(
      /^\/dev\/zero: is a device, expected a regular file$/,
    );
    await expect(predict('--model', model, big)).rejects.toThrow(
      /big\.png: image is 20000×20000, more than the \d+ pixels resized for prediction; the model takes 4×4$/,
    );
    await expect(predict('--model', model, '--max-file-size', '0.0001', big)).rejects.toThrow(
      /^--model: .*predict-model\.json: larger than the 104-byte limit \(raise it with --max-file-size\)$/,
    );
  });
});
