#!/usr/bin/python3
"""Writes scikit-learn's bundled tables as CSV, split 70/30 (stratified, random_state=0), and the
accuracy of make_pipeline(StandardScaler(), LogisticRegression()) on each split, for test/data/sklearn.test.ts.
Also writes the 8x8 digits as gzipped IDX files (pixels 0..16 scaled to 0..255), split the same way.

Run with Debian's python3-sklearn:  /usr/bin/python3 test/data/sklearn/make_tables.py
The data sets ship with scikit-learn (BSD-3-Clause); iris, wine and breast cancer (Wisconsin diagnostic)
are from the UCI Machine Learning Repository, the digits from UCI's optical recognition of handwritten
digits: see LICENSE.md beside this file.
"""
import csv, gzip, json, os, struct
import numpy as np
import sklearn
from sklearn import datasets
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import train_test_split
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

HERE = os.path.dirname(os.path.abspath(__file__))


def write_csv(path, names, X, labels):
    with open(path, 'w', newline='') as f:
        w = csv.writer(f)
        w.writerow(list(names) + ['label'])
        for row, label in zip(X, labels):
            w.writerow([repr(float(v)) for v in row] + [label])


def write_idx(path, arr):
    arr = np.ascontiguousarray(arr, dtype=np.uint8)
    header = struct.pack('>BBBB', 0, 0, 8, arr.ndim) + b''.join(struct.pack('>I', s) for s in arr.shape)
    with gzip.GzipFile(path, 'wb', mtime=0) as f:
        f.write(header + arr.tobytes())


reference = {'sklearn': sklearn.__version__, 'split': 'train_test_split(test_size=0.3, stratify=y, random_state=0)', 'tables': {}}
for name, load in [('iris', datasets.load_iris), ('wine', datasets.load_wine), ('breast_cancer', datasets.load_breast_cancer)]:
    d = load()
    names = [n.replace(' ', '_') for n in d.feature_names]
    labels = np.array(d.target_names)[d.target]
    Xtr, Xte, ytr, yte = train_test_split(d.data, labels, test_size=0.3, stratify=labels, random_state=0)
    write_csv(os.path.join(HERE, f'{name}-train.csv'), names, Xtr, ytr)
    write_csv(os.path.join(HERE, f'{name}-test.csv'), names, Xte, yte)
    clf = make_pipeline(StandardScaler(), LogisticRegression()).fit(Xtr, ytr)
    reference['tables'][name] = {'train': len(ytr), 'test': len(yte), 'features': len(names), 'accuracy': float(clf.score(Xte, yte))}

digits = datasets.load_digits()
pixels = np.clip(np.round(digits.images * 255 / 16), 0, 255).astype(np.uint8)
Xtr, Xte, ytr, yte = train_test_split(pixels, digits.target, test_size=0.3, stratify=digits.target, random_state=0)
os.makedirs(os.path.join(HERE, 'digits-idx'), exist_ok=True)
write_idx(os.path.join(HERE, 'digits-idx', 'train-images-idx3-ubyte.gz'), Xtr)
write_idx(os.path.join(HERE, 'digits-idx', 'train-labels-idx1-ubyte.gz'), ytr)
write_idx(os.path.join(HERE, 'digits-idx', 't10k-images-idx3-ubyte.gz'), Xte)
write_idx(os.path.join(HERE, 'digits-idx', 't10k-labels-idx1-ubyte.gz'), yte)

with open(os.path.join(HERE, 'reference.json'), 'w') as f:
    json.dump(reference, f, indent=2)
    f.write('\n')
print(json.dumps(reference, indent=2))
