import type { ClassifierOptions } from '../model/options.js';

/**
 * What `softmax train` uses on a table (float features) for every option the user did not give: the
 * recipe of scikit-learn's `make_pipeline(StandardScaler(), LogisticRegression())`, i.e. per-column
 * z-scores, full-batch L-BFGS on small data (`auto`), and its default penalty C = 1, which in our
 * mean-loss form is λ = 1/n. The image defaults (x/255, SGD, λ = 1e-4) were tuned on 60,000 images and
 * take 15 steps on a table of 100 rows. Library users pass it to the classifier:
 *
 *   const clf = new SoftmaxClassifier({ ...tableDefaults(data.train.X.n), seed: 7 });
 */
export function tableDefaults(nTrain: number): Partial<ClassifierOptions> {
  return { preprocessing: 'standardize', solver: 'auto', weightDecay: 1 / nTrain };
}
