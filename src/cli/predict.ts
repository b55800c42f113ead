import { Command } from 'commander';
import { readPng } from '../node/pngFile.js';
import { addMaxFileSizeFlag, capFromFlags, type MaxFileSizeFlag } from './dataFlags.js';
import { loadModelFile } from './loadModel.js';

export function predictCommand(): Command {
  const cmd = new Command('predict')
    .description('classify PNG images (of the model’s image size) and print the three most probable classes')
    .requiredOption('--model <file>', 'a model.json written by softmax train')
    .argument('<image...>', 'PNG files')
    .option('--json', 'print one JSON array on stdout');
  return addMaxFileSizeFlag(cmd).action(
    (images: string[], flags: { model: string; json?: boolean } & MaxFileSizeFlag) => {
      const clf = loadModelFile(flags.model, capFromFlags(flags, 'model'));
      const { height, width } = clf.imageShape;
      const d = height * width;
      const pixels = new Uint8Array(images.length * d);
      const maxBytes = capFromFlags(flags, 'png');
      images.forEach((file, i) => {
        // The model's size is checked from each PNG's header, before anything is decoded.
        pixels.set(readPng(file, { expected: { height, width }, maxBytes }).gray, i * d);
      });
      const k = clf.numClasses;
      const proba = clf.predictProba({ pixels, n: images.length, height, width });
      const results = images.map((file, i) => {
        const row = Array.from(proba.subarray(i * k, (i + 1) * k), (p, c) => ({
          class: clf.classNames[c],
          index: c,
          probability: p,
        }));
        return { file, top: row.sort((a, b) => b.probability - a.probability).slice(0, 3) };
      });
      if (flags.json) {
        process.stdout.write(JSON.stringify(results) + '\n');
        return;
      }
      process.stdout.write(`Model ${flags.model} (backend ${clf.backendName})\n`);
      for (const r of results) {
        process.stdout.write(
          `${r.file}: ` +
            r.top.map((t) => `${t.class} ${(100 * t.probability).toFixed(1)}%`).join(', ') +
            '\n',
        );
      }
      clf.dispose();
    },
  );
}
