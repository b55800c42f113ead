import { Command } from 'commander';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addTrainingFlags, trainingOptionsFrom } from '../../src/cli/flags.js';
import { expandGrid } from '../../src/experiments/grid.js';
import { parseAxis } from '../../src/experiments/gridFlags.js';
import { sharedOptions } from '../../src/experiments/sweep.js';
import { modelOptionsOf, parseModelJSON } from '../../src/model/modelFormat.js';
import {
  DEFAULTS,
  MODEL_OPTION_KEYS,
  OPTION_KEYS,
  OPTIONS,
  defaultFor,
  specOf,
  type ClassifierOptions,
  type OptionKey,
} from '../../src/model/options.js';
import { resolveOptions } from '../../src/model/validate.js';
import { OPTION_LABELS } from '../../src/report/html/optionLabels.js';

/** A valid value for each option, drawn within its spec (fast-check arbitraries by kind). */
function valueArb(key: OptionKey): fc.Arbitrary<unknown> {
  const spec = specOf(key);
  if (spec.choices) return fc.constantFrom(...spec.choices);
  const d = spec.default;
  if (typeof d === 'boolean') return fc.boolean();
  if (key === 'classWeight') {
    return fc.oneof(
      fc.constantFrom('none', 'balanced'),
      fc.array(fc.double({ min: 0.01, max: 100, noNaN: true }), { minLength: 1, maxLength: 5 }),
    );
  }
  if (key === 'batchSize') return fc.oneof(fc.constant('full'), fc.integer({ min: 1, max: 100_000 }));
  // Draw candidates and keep those the spec allows: the spec is the judge of its own range.
  const n =
    Number.isInteger(d) && key !== 'tol'
      ? fc.integer({ min: 0, max: 5000 })
      : fc.double({ min: 0, max: 1000, noNaN: true });
  return n.filter((v) => spec.check(v) === null);
}

const optionsArb = fc.record(Object.fromEntries(OPTION_KEYS.map((k) => [k, valueArb(k)]))) as fc.Arbitrary<
  Partial<ClassifierOptions>
>;

function parseFlags(args: string[]): Partial<ClassifierOptions> {
  const cmd = addTrainingFlags(new Command('train').exitOverride());
  cmd.parse(args, { from: 'user' });
  return trainingOptionsFrom(cmd.opts());
}

/** A 1 × 1 model's file carrying `options`, written as JSON and read back: the options it gives. */
function throughModelFile(options: ClassifierOptions) {
  const model = {
    format: 'softmax-classifier',
    version: 1,
    height: 1,
    width: 1,
    numClasses: 2,
    classNames: ['a', 'b'],
    preprocessing: { kind: 'scale' },
    W: [0, 0],
    b: [0, 0],
    options: JSON.parse(JSON.stringify(modelOptionsOf(options))),
  };
  return parseModelJSON(model, 'm.json').options;
}

describe('the options schema', () => {
  it('gives every option a default that passes its own check, a flag, help and a label', () => {
    for (const key of OPTION_KEYS) {
      const spec = specOf(key);
      expect(spec.check(DEFAULTS[key]), key).toBeNull();
      expect(spec.flag).toMatch(/^--[a-z0-9-]+$/);
      expect(spec.help.length).toBeGreaterThan(5);
      expect(OPTION_LABELS[key]).toBe(spec.label);
    }
    expect(new Set(OPTION_KEYS.map((k) => OPTIONS[k].flag)).size).toBe(OPTION_KEYS.length);
  });

  it('round-trips every option: flag → options → model file → options', () => {
    fc.assert(
      fc.property(optionsArb, (given) => {
        const full = resolveOptions(given);
        const args = OPTION_KEYS.flatMap((k) => [OPTIONS[k].flag, specOf(k).format(full[k])]);
        const fromFlags = resolveOptions(parseFlags(args));
        expect(fromFlags).toEqual(full);
        const back = throughModelFile(fromFlags);
        for (const k of MODEL_OPTION_KEYS) expect(back[k]).toEqual(full[k]);
      }),
      { numRuns: 200 },
    );
  });

  it('reads each sweepable flag as a comma list of the same values', () => {
    for (const key of OPTION_KEYS.filter((k) => specOf(k).sweep)) {
      const spec = specOf(key);
      const raw = spec.format(DEFAULTS[key]);
      expect(parseAxis(key, raw, DEFAULTS).values, key).toEqual([DEFAULTS[key]]);
    }
  });

  it("says each default that depends on another option by that option's choices, consistently with DEFAULTS", () => {
    for (const key of OPTION_KEYS) {
      const by = specOf(key).defaultBy;
      if (by === undefined) continue;
      expect(OPTION_KEYS, key).toContain(by.on);
      const on = specOf(by.on as OptionKey);
      // One level only: the option it follows has a plain default, so resolving order cannot matter.
      expect(on.defaultBy, key).toBeUndefined();
      for (const [choice, v] of Object.entries(by.values)) {
        expect(on.choices, `${key}: ${choice}`).toContain(choice);
        expect(specOf(key).check(v), `${key}: ${choice}`).toBeNull();
      }
      expect(defaultFor(key, DEFAULTS), key).toEqual(DEFAULTS[key]);
    }
    // 'auto' trains sgd or lbfgs (which ignores the rate), so its rate must be sgd's.
    expect(resolveOptions({ solver: 'auto' }).learningRate).toBe(
      resolveOptions({ solver: 'sgd' }).learningRate,
    );
  });

  it.each([
    { args: ['--solver', 'adam'], lr: 0.01 },
    { args: ['--solver', 'adam', '--lr', '0.2'], lr: 0.2 },
    { args: ['--solver', 'adam', '--lr', '0.1'], lr: 0.1 },
    { args: ['--solver', 'sgd'], lr: 0.1 },
    { args: ['--solver', 'lbfgs'], lr: 0.1 },
    { args: [], lr: 0.1 },
  ])('gives $args the learning rate $lr: flag → options → model file → options', ({ args, lr }) => {
    const options = resolveOptions(parseFlags(args));
    expect(options.learningRate).toBe(lr);
    const back = throughModelFile(options);
    expect(back.learningRate).toBe(lr);
    expect(back.solver).toBe(options.solver);
    // The file records the rate used, so reading it back is not re-defaulted by the solver.
    expect(resolveOptions(back).learningRate).toBe(lr);
  });

  it("says adam's learning rate in --help", () => {
    const help = addTrainingFlags(new Command('train')).helpInformation().replace(/\s+/g, ' ');
    expect(help).toMatch(/--lr <value> .*\(default: 0\.1, or 0\.01 with --solver adam\)/);
  });

  it("sweeps --solver sgd,adam with each solver's learning rate, and leaves it out of the shared options", () => {
    const axes = [parseAxis('solver', 'sgd,adam', {})];
    const configs = expandGrid({}, axes);
    expect(configs.map((c) => [c.solver, c.learningRate])).toEqual([
      ['sgd', 0.1],
      ['adam', 0.01],
    ]);
    const fixed = sharedOptions(resolveOptions({}), configs, new Set(['solver']));
    expect(fixed.learningRate).toBeUndefined();
    expect(fixed.momentum).toBe(DEFAULTS.momentum);
    // An explicit rate is every row's.
    const given = expandGrid({ learningRate: 0.05 }, axes);
    expect(given.map((c) => c.learningRate)).toEqual([0.05, 0.05]);
    expect(
      sharedOptions(resolveOptions({ learningRate: 0.05 }), given, new Set(['solver'])).learningRate,
    ).toBe(0.05);
  });

  it('accepts --max-epochs for --epochs, but not both', () => {
    expect(parseFlags(['--max-epochs', '7']).epochs).toBe(7);
    expect(() => parseFlags(['--max-epochs', '7', '--epochs', '8'])).toThrow(/--epochs and --max-epochs/);
  });
});
