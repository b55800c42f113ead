"""Peer of bench/dataFormats.mjs: scikit-learn (and Pillow) on the same generated files, in the same run.

  --train F --test F   CSV tables (header row, numeric columns, an integer `label` column last): read
                       with numpy.loadtxt (NumPy's C reader), timed; then
                       make_pipeline(StandardScaler(), LogisticRegression()) fitted on the training
                       table (default C=1, lbfgs, max_iter 100 -- raised to 1000 so it converges, as
                       ours does), timed, and scored on the test table.
  --images DIR         a folder of class folders of JPEGs: every file opened with Pillow, converted to
                       RGB and stacked into one uint8 array, timed.
Prints one JSON object on stdout. Usage:
  /usr/bin/python3 bench/peers/data_formats_peer.py --train a.csv --test b.csv [--images DIR] [--runs 3]
"""
import json
import os
import sys
import time

import numpy as np


def arg(name, default=None):
    return sys.argv[sys.argv.index(name) + 1] if name in sys.argv else default


def median(xs):
    xs = sorted(xs)
    return xs[len(xs) // 2]


def read_table(path):
    data = np.loadtxt(path, delimiter=',', skiprows=1, dtype=np.float64)
    return data[:, :-1], data[:, -1].astype(np.int64)


def main():
    runs = int(arg('--runs', '3'))
    out = {'python': sys.version.split()[0], 'numpy': np.__version__}
    train, test = arg('--train'), arg('--test')
    if train:
        import sklearn
        from sklearn.linear_model import LogisticRegression
        from sklearn.pipeline import make_pipeline
        from sklearn.preprocessing import StandardScaler

        out['sklearn'] = sklearn.__version__
        times = []
        for _ in range(runs):
            t0 = time.perf_counter()
            X, y = read_table(train)
            times.append(time.perf_counter() - t0)
        Xt, yt = read_table(test)
        out['csvRead'] = {'reader': 'numpy.loadtxt', 'rows': int(X.shape[0]), 'seconds': median(times),
                          'rowsPerSecond': X.shape[0] / median(times)}
        fits = []
        acc = None
        for _ in range(runs):
            t0 = time.perf_counter()
            clf = make_pipeline(StandardScaler(), LogisticRegression(max_iter=1000)).fit(X, y)
            fits.append(time.perf_counter() - t0)
            acc = float(clf.score(Xt, yt))
        out['train'] = {'model': 'make_pipeline(StandardScaler(), LogisticRegression(max_iter=1000))',
                        'seconds': median(fits), 'min': min(fits), 'max': max(fits),
                        'iterations': int(clf[-1].n_iter_[0]), 'accuracy': acc}
    images = arg('--images')
    if images:
        from PIL import Image
        import PIL

        files = sorted(os.path.join(images, c, f) for c in os.listdir(images)
                       for f in os.listdir(os.path.join(images, c)))
        times = []
        for _ in range(runs):
            t0 = time.perf_counter()
            arr = np.stack([np.asarray(Image.open(f).convert('RGB')) for f in files])
            times.append(time.perf_counter() - t0)
        out['imageRead'] = {'reader': f'Pillow {PIL.__version__}', 'images': int(arr.shape[0]),
                            'seconds': median(times), 'imagesPerSecond': arr.shape[0] / median(times)}
    json.dump(out, sys.stdout)
    sys.stdout.write('\n')


main()
