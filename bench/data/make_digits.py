#!/usr/bin/python3
"""scikit-learn's 8x8 digits as IDX files, for trying `softmax train --data DIR` on a second image set.

1,500 images become the training set and the other 297 the test set, drawn by scikit-learn's
train_test_split(train_size=1500, random_state=0); each pixel's 0..16 becomes a byte round(v * 255 / 16). Also prints scikit-learn's default
LogisticRegression() accuracy on the same split, on the same bytes / 255, for comparison.
Usage: /usr/bin/python3 bench/data/make_digits.py [OUT_DIR]   (default bench/data/digits, git-ignored;
       test/fixtures/digits is a committed copy made by this script, read by test/model/digits.test.ts)
Needs Debian's python3-sklearn.
"""
import gzip
import os
import struct
import sys

import numpy as np
from sklearn.datasets import load_digits
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import train_test_split

out = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(__file__), 'digits')
os.makedirs(out, exist_ok=True)
digits = load_digits()
TRAIN = 1500
order = np.arange(len(digits.target))
train_idx, test_idx = train_test_split(order, train_size=TRAIN, random_state=0)
order = np.concatenate([train_idx, test_idx])
images = np.rint(digits.images[order] * 255 / 16).astype(np.uint8)
labels = digits.target[order].astype(np.uint8)


def write(name, array, dims):
    # IDX: two zero bytes, type 0x08 (unsigned byte), the number of dimensions, then each size.
    header = struct.pack('>BBBB', 0, 0, 8, len(dims)) + b''.join(struct.pack('>I', s) for s in dims)
    # mtime=0: the same bytes on every run, so the committed copy (test/fixtures/digits) can be checked.
    with open(os.path.join(out, name + '.gz'), 'wb') as raw:
        with gzip.GzipFile(filename='', mode='wb', fileobj=raw, mtime=0) as f:
            f.write(header + array.tobytes())


write('train-images-idx3-ubyte', images[:TRAIN], (TRAIN, 8, 8))
write('train-labels-idx1-ubyte', labels[:TRAIN], (TRAIN,))
write('t10k-images-idx3-ubyte', images[TRAIN:], (len(images) - TRAIN, 8, 8))
write('t10k-labels-idx1-ubyte', labels[TRAIN:], (len(images) - TRAIN,))
X = images.reshape(len(images), -1) / 255.0
clf = LogisticRegression(max_iter=1000).fit(X[:TRAIN], labels[:TRAIN])
print(f'wrote {out}: {TRAIN} training and {len(images) - TRAIN} test images; '
      f'scikit-learn LogisticRegression() on bytes/255: {clf.score(X[TRAIN:], labels[TRAIN:]):.4f}')
