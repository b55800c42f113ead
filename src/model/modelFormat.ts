import { z } from 'zod';
import { InputError } from '../util/errors.js';
import { DEFAULTS } from './options.js';

/** Version of the saved-model format; bump on any incompatible change and keep reading older ones. */
export const MODEL_FORMAT_VERSION = 1;

const preprocessSchema = z.object({
  kind: z.enum(['scale', 'minmax', 'standardize']),
  mean: z.array(z.number()).optional(),
  std: z.array(z.number()).optional(),
});

const optionsSchema = z.object({
  strategy: z.enum(['softmax', 'ovr']),
  learningRate: z.number(),
  momentum: z.number(),
  nesterov: z.boolean(),
  weightDecay: z.number(),
  lrDecay: z.number(),
  epochs: z.number().int(),
  batchSize: z.union([z.number().int(), z.literal('full')]),
  init: z.enum(['zeros', 'uniform', 'gaussian']),
  preprocessing: z.enum(['scale', 'minmax', 'standardize']),
  seed: z.number().int(),
  backend: z.enum(['auto', 'js', 'wasm']),
  threads: z.number().int(),
  divergenceFactor: z.number().default(DEFAULTS.divergenceFactor),
});

/** A saved model: everything needed to predict, and how it was made. */
export const modelSchema = z
  .object({
    format: z.literal('softmax-classifier'),
    version: z.literal(MODEL_FORMAT_VERSION),
    height: z.number().int().positive(),
    width: z.number().int().positive(),
    numClasses: z.number().int().min(2),
    classNames: z.array(z.string()),
    preprocessing: preprocessSchema,
    W: z.array(z.number()),
    b: z.array(z.number()),
    options: optionsSchema,
    metrics: z.record(z.string(), z.unknown()).optional(),
  })
  .superRefine((m, ctx) => {
    const d = m.height * m.width;
    const k = m.numClasses;
    const check = (ok: boolean, path: string, message: string): void => {
      if (!ok) ctx.addIssue({ code: 'custom', path: [path], message });
    };
    check(m.W.length === d * k, 'W', `has ${m.W.length} values, expected ${d}×${k} = ${d * k}`);
    check(m.b.length === k, 'b', `has ${m.b.length} values, expected ${k}`);
    check(m.classNames.length === k, 'classNames', `has ${m.classNames.length} names, expected ${k}`);
    if (m.preprocessing.kind === 'standardize') {
      check(m.preprocessing.mean?.length === d, 'preprocessing.mean', `expected ${d} values`);
      check(m.preprocessing.std?.length === d, 'preprocessing.std', `expected ${d} values`);
    }
  });

export type ModelJSON = z.infer<typeof modelSchema>;

/** Checks a parsed JSON value against the format; `source` (a file name) goes into the error message. */
export function parseModelJSON(value: unknown, source = 'model'): ModelJSON {
  const result = modelSchema.safeParse(value);
  if (!result.success) {
    const issue = result.error.issues[0];
    const where = issue.path.length > 0 ? issue.path.join('.') : 'top level';
    throw new InputError(`${source}: not a valid softmax-classifier model (${where}: ${issue.message})`);
  }
  return result.data;
}
