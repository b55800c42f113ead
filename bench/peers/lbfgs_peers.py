"""Peers of bench/lbfgs.mjs: the same objective minimised by scikit-learn and by PyTorch, in the same run.

  J(W, b) = mean cross-entropy + 1/2 * lam * |W|^2 (bias not penalised), Fashion-MNIST, x/255.

Each peer is timed from the start of its fit until its objective first comes within --tol of --target
(then it is stopped: only the time to that objective is measured), or until --max-seconds.
  scikit-learn: LogisticRegression(solver='lbfgs', C=1/(lam*n), tol=1e-12, max_iter=100000); its
    objective is read at every evaluation scipy makes (scikit-learn 1.2 minimises n*J; the scale is
    taken from the first evaluation, at W = 0, where J = log k).
  PyTorch: torch.optim.LBFGS(history_size=M, line_search_fn='strong_wolfe'), float32, one iteration
    per step, 2 threads.
Prints one JSON object on stdout.
Usage: python3 bench/peers/lbfgs_peers.py --limit N --lambda 1e-4 --target T --tol 1e-5
       [--history-size 30] [--max-seconds 900] [--only sklearn|torch]
"""
import gzip
import json
import math
import os
import sys
import time

import numpy as np

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', '..', 'data', 'fashion-mnist')


def arg(name, default):
    return type(default)(sys.argv[sys.argv.index(name) + 1]) if name in sys.argv else default


def idx(name, header):
    with gzip.open(os.path.join(ROOT, name)) as f:
        return np.frombuffer(f.read(), dtype=np.uint8, offset=header)


class Reached(Exception):
    pass


def sklearn_peer(X, y, lam, target, tol, max_seconds):
    import scipy.optimize
    import sklearn
    from sklearn.linear_model import LogisticRegression

    n, k = X.shape[0], int(y.max()) + 1
    trace = {'scale': None, 'best': math.inf, 'evals': 0, 'to': None}
    original = scipy.optimize.minimize

    def minimize(fun, x0, *a, **kw):
        def wrapped(w, *args):
            f, g = fun(w, *args)
            if trace['scale'] is None:
                trace['scale'] = f / math.log(k)
            trace['evals'] += 1
            J = f / trace['scale']
            trace['best'] = min(trace['best'], J)
            elapsed = time.perf_counter() - t0
            if J <= target + tol:
                trace['to'] = elapsed
                raise Reached()
            if elapsed > max_seconds:
                raise Reached()
            return f, g

        return original(wrapped, x0, *a, **kw)

    scipy.optimize.minimize = minimize
    try:
        clf = LogisticRegression(solver='lbfgs', C=1 / (lam * n), tol=1e-12, max_iter=100000)
        t0 = time.perf_counter()
        try:
            clf.fit(X, y)
        except Reached:
            pass
    finally:
        scipy.optimize.minimize = original
    return {'peer': f'scikit-learn {sklearn.__version__} LogisticRegression(lbfgs)', 'secondsToTarget': trace['to'],
            'bestObjective': trace['best'], 'evaluations': trace['evals']}


def torch_peer(X, y, lam, target, tol, max_seconds, m):
    import torch

    torch.set_num_threads(2)
    Xt = torch.from_numpy(X.astype(np.float32))
    yt = torch.from_numpy(y.astype(np.int64))
    d, k = X.shape[1], int(y.max()) + 1
    W = torch.zeros(d, k, requires_grad=True)
    b = torch.zeros(k, requires_grad=True)
    opt = torch.optim.LBFGS([W, b], lr=1, max_iter=1, history_size=m, line_search_fn='strong_wolfe',
                            tolerance_grad=0, tolerance_change=0)
    evals = 0

    def closure():
        nonlocal evals
        evals += 1
        opt.zero_grad()
        loss = torch.nn.functional.cross_entropy(Xt @ W + b, yt) + 0.5 * lam * (W * W).sum()
        loss.backward()
        return loss

    t0 = time.perf_counter()
    best, to, iters = math.inf, None, 0
    while time.perf_counter() - t0 < max_seconds and iters < 100000:
        loss = float(opt.step(closure))  # the objective at the start of this iteration
        iters += 1
        best = min(best, loss)
        if loss <= target + tol:
            to = time.perf_counter() - t0
            break
    return {'peer': f'PyTorch {torch.__version__} torch.optim.LBFGS (float32, m={m})', 'secondsToTarget': to,
            'bestObjective': best, 'evaluations': evals, 'iterations': iters}


def main():
    limit = arg('--limit', 60000)
    lam = arg('--lambda', 1e-4)
    target = arg('--target', 0.379477)
    tol = arg('--tol', 1e-5)
    max_seconds = arg('--max-seconds', 900.0)
    only = arg('--only', '')
    X = idx('train-images-idx3-ubyte.gz', 16).reshape(-1, 784)[:limit].astype(np.float64) / 255
    y = idx('train-labels-idx1-ubyte.gz', 8)[:limit].astype(np.int64)
    out = {}
    if only in ('', 'sklearn'):
        out['sklearn'] = sklearn_peer(X, y, lam, target, tol, max_seconds)
    if only in ('', 'torch'):
        try:
            out['torch'] = torch_peer(X, y, lam, target, tol, max_seconds, arg('--history-size', 30))
        except ImportError as e:
            out['torch'] = {'skipped': str(e)}
    print(json.dumps(out))


if __name__ == '__main__':
    main()
