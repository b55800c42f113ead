import process from 'node:process';

/**
 * The environment the peers' commands run in. This machine sets OPENBLAS_CORETYPE and OPENBLAS_L2_SIZE,
 * which force OpenBLAS's Haswell kernels and slow PyTorch, NumPy and scikit-learn by 15-30%; they are
 * removed for the peers only (our kernels do not read them), so each peer runs as it would by default.
 */
export function peerEnv(extra = {}) {
  const env = { ...process.env, ...extra };
  delete env.OPENBLAS_CORETYPE;
  delete env.OPENBLAS_L2_SIZE;
  return env;
}
