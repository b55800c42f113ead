import { z } from 'zod';
import { InputError } from '../util/errors.js';
import { MAX_CLASSES, MAX_FEATURES } from './limits.js';
import {
  MODEL_OPTION_KEYS,
  RUN_OPTION_KEYS,
  type ClassifierOptions,
  type ModelOptionKey,
} from './options.js';
import { resolveOptions } from './validate.js';

/**
 * Version of the saved-model format; bump on any incompatible change and keep reading older ones.
 * 2: `input` says what the model reads (images with their channels, or a table's named columns); version
 * 1 files, which have none, read as grey images of height × width.
 */
export const MODEL_FORMAT_VERSION = 2;

/** Largest magnitude a float32 holds: a weight beyond it would load as ±∞. */
const FLOAT32_MAX = 3.4028234663852886e38;
const weight = z
  .number()
  .refine((v) => Math.abs(v) <= FLOAT32_MAX, { message: 'is too large for a 32-bit float' });

const preprocessSchema = z.object({
  kind: z.enum(['scale', 'minmax', 'standardize']),
  mean: z.array(z.number()).optional(),
  std: z.array(z.number().nonnegative()).optional(),
});

/** What a model reads: d = height·width·channels bytes of an image, or d named float columns. */
const inputSchema = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('images'),
    height: z.number().int().positive(),
    width: z.number().int().positive(),
    channels: z.union([z.literal(1), z.literal(3)]),
  }),
  z.object({ kind: z.literal('table'), featureNames: z.array(z.string()) }),
]);
export type ModelInput = z.infer<typeof inputSchema>;

/** The options a model file records: the model-scope options of options.ts, checked by their specs. */
export type ModelOptions = Pick<ClassifierOptions, ModelOptionKey>;

/** A saved model: everything needed to predict, and how it was made. */
export const modelSchema = z
  .object({
    format: z.literal('softmax-classifier'),
    version: z.union([z.literal(1), z.literal(MODEL_FORMAT_VERSION)]),
    height: z.number().int().positive().max(MAX_FEATURES),
    width: z.number().int().positive().max(MAX_FEATURES),
    numClasses: z.number().int().min(2).max(MAX_CLASSES),
    classNames: z.array(z.string()),
    preprocessing: preprocessSchema,
    /** Version 2 on; for tables, height is 1 and width the number of columns. */
    input: inputSchema.optional(),
    W: z.array(weight),
    b: z.array(weight),
    /** Checked against options.ts by parseModelJSON, which names the file and the field. */
    options: z.record(z.string(), z.unknown()),
    metrics: z.record(z.string(), z.unknown()).optional(),
  })
  .superRefine((m, ctx) => {
    const check = (ok: boolean, path: string, message: string): void => {
      if (!ok) ctx.addIssue({ code: 'custom', path: [path], message });
    };
    const input = inputOf(m);
    const d = m.height * m.width * (input.kind === 'images' ? input.channels : 1);
    const k = m.numClasses;
    if (input.kind === 'images') {
      check(
        input.height === m.height && input.width === m.width,
        'input',
        'its size differs from height × width',
      );
    } else {
      check(
        m.height === 1 && input.featureNames.length === m.width,
        'input.featureNames',
        `expected ${m.width} names (height 1, width = columns)`,
      );
    }
    check(d <= MAX_FEATURES, 'height', `height × width is ${d}, more than ${MAX_FEATURES} features`);
    check(m.W.length === d * k, 'W', `has ${m.W.length} values, expected ${d}×${k} = ${d * k}`);
    check(m.b.length === k, 'b', `has ${m.b.length} values, expected ${k}`);
    check(m.classNames.length === k, 'classNames', `has ${m.classNames.length} names, expected ${k}`);
    if (m.preprocessing.kind === 'standardize') {
      check(m.preprocessing.mean?.length === d, 'preprocessing.mean', `expected ${d} values`);
      check(m.preprocessing.std?.length === d, 'preprocessing.std', `expected ${d} values`);
    }
  });

export type ModelJSON = Omit<z.infer<typeof modelSchema>, 'options'> & { options: ModelOptions };

/** What a model reads; a version-1 file (no `input`) read grey images of height × width. */
export function inputOf(m: Pick<ModelJSON, 'height' | 'width' | 'input'>): ModelInput {
  return m.input ?? { kind: 'images', height: m.height, width: m.width, channels: 1 };
}

/** The model-scope options of a full set (what toJSON writes). */
export function modelOptionsOf(o: ClassifierOptions): ModelOptions {
  return Object.fromEntries(MODEL_OPTION_KEYS.map((k) => [k, o[k]])) as ModelOptions;
}

/**
 * Checks a parsed JSON value against the format; `source` (a file name) goes into every message, with
 * the field: "model.json: options.learningRate: must be greater than 0, got -5".
 */
export function parseModelJSON(value: unknown, source = 'model'): ModelJSON {
  const result = modelSchema.safeParse(value);
  if (!result.success) {
    const issue = result.error.issues[0];
    const where = issue.path.length > 0 ? issue.path.join('.') : 'top level';
    throw new InputError(`${source}: not a valid softmax-classifier model (${where}: ${issue.message})`);
  }
  // Older files also recorded how they were run (backend, threads): that is the caller's to choose now.
  const saved = Object.fromEntries(
    Object.entries(result.data.options).filter(([k]) => !(RUN_OPTION_KEYS as string[]).includes(k)),
  );
  for (const key of Object.keys(saved)) {
    if (!(MODEL_OPTION_KEYS as string[]).includes(key)) {
      throw new InputError(`${source}: options.${key}: unknown option`);
    }
  }
  const options = modelOptionsOf(resolveOptions(saved, (k) => `${source}: options.${k}`));
  return { ...result.data, input: inputOf(result.data), options };
}
