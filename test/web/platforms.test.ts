/**
 * The backend comes from a factory the caller injects, never from a global: the core's classifier runs
 * on the js reference, the Node entry's on the native kernels or WebAssembly threads, and `fromJSON` builds the class it is
 * called on, with that class's factory.
 */
import { describe, expect, it } from 'vitest';
import { SoftmaxClassifier as CoreClassifier } from '../../src/index.js';
import { createJsBackend } from '../../src/kernels/js/jsBackend.js';
import { SoftmaxClassifier as NodeClassifier } from '../../src/node/index.js';
import { separableImages } from '../helpers/synthetic.js';

describe('backend factories are injected', () => {
  it('the core classifier uses js; the Node one wasm; fromJSON keeps the class', async () => {
    const core = new CoreClassifier({ epochs: 1 });
    expect((await core.ensureBackend()).name).toBe('js');
    const node = new NodeClassifier({ epochs: 1, threads: 2 });
    expect((await node.ensureBackend()).name).toMatch(/^(native|wasm)×2$/); // native where built

    const { pixels, labels } = separableImages(60, 4, 3, 7);
    const X = { pixels, n: 60, height: 4, width: 4 };
    await node.fit(X, labels);
    const back = NodeClassifier.fromJSON(node.toJSON(), 'model.json', { threads: 1 });
    expect(back).toBeInstanceOf(NodeClassifier);
    expect((await back.ensureBackend()).name).toMatch(/^(native|wasm)$/);
    const plain = CoreClassifier.fromJSON(node.toJSON());
    expect(plain).not.toBeInstanceOf(NodeClassifier);
    expect((await plain.ensureBackend()).name).toBe('js');
    expect(Array.from(back.predict(X))).toEqual(Array.from(plain.predict(X)));
    for (const c of [core, node, back, plain]) c.dispose();
  });

  it('a context factory is used as given, and the core refuses wasm without one', async () => {
    const seen: string[] = [];
    const clf = new CoreClassifier({ backend: 'wasm', threads: 3 }, undefined, {
      backendFactory: async (choice) => {
        seen.push(`${choice.backend}/${choice.threads}`);
        return createJsBackend();
      },
    });
    await clf.ensureBackend();
    expect(seen).toEqual(['wasm/3']);
    await expect(new CoreClassifier({ backend: 'wasm' }).ensureBackend()).rejects.toThrow(
      /needs a platform's backend factory/,
    );
  });
});
