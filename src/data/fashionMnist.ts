/** Fashion-MNIST's facts. Core: no Node modules (the bundled folder's path is in src/node/bundledData.ts). */

/** Fashion-MNIST's class names, in label order (Xiao, Rasul & Vollgraf, 2017). */
export const FASHION_MNIST_CLASSES = [
  'T-shirt/top',
  'Trouser',
  'Pullover',
  'Dress',
  'Coat',
  'Sandal',
  'Shirt',
  'Sneaker',
  'Bag',
  'Ankle boot',
] as const;

/** The four file names of an MNIST-style data set; each may also be present without `.gz`. */
export const IDX_FILES = {
  trainImages: 'train-images-idx3-ubyte',
  trainLabels: 'train-labels-idx1-ubyte',
  testImages: 't10k-images-idx3-ubyte',
  testLabels: 't10k-labels-idx1-ubyte',
} as const;

/** SHA-256 of the bundled gzipped files (Debian's dataset-fashion-mnist), checked on every load. */
export const BUNDLED_SHA256: Record<string, string> = {
  'train-images-idx3-ubyte.gz': 'b0564c3eedabfbf835052cff8503ea422014ce006caf5b757f851416ee8300c7',
  'train-labels-idx1-ubyte.gz': '0ae29f65d86684f32d1b9c85147786c547b9c6aebcaf235f0400a0cce308b056',
  't10k-images-idx3-ubyte.gz': 'cc1d090a38ace84dfa1aa66e3ada7c336ef481a96936906477e6dd344da56eaa',
  't10k-labels-idx1-ubyte.gz': '8d3605d196f4be44669e46906da9733c8131fef761fdbfec72c424d5222f1a05',
};

/**
 * SHA-256 of the same four files inflated, as scripts/unpackData.mjs writes them at install: a run reads
 * these when they are present and match, instead of inflating the gzipped files again.
 */
export const BUNDLED_UNPACKED_SHA256: Record<string, string> = {
  'train-images-idx3-ubyte': 'c59f468a2f672dc815687fe0f83887768d799fd8a3f3276145d20f83aa44d888',
  'train-labels-idx1-ubyte': 'bad3541b69d912435c50bb6ba87bec294ff4f6a2e1246121d8633921760443d9',
  't10k-images-idx3-ubyte': '5b4141f0afbad91edebe8549f8fcffe087ea10ca49f1dbef5c9a5cd8815ce37b',
  't10k-labels-idx1-ubyte': '0402a96d92fd2663957122ceb108a494c5af83dab82d92729df917d7dec38c34',
};

/**
 * SHA-256 of Fashion-MNIST's 10,000 test label bytes (after the IDX header): a data set whose test labels hash to this is
 * Fashion-MNIST (whatever folder or compression it came in), and gets the class names above.
 */
export const FASHION_TEST_LABELS_SHA256 = '3d0e6c6ea990b53b6f8f500a41cac93881d981b315f84578b7d915342ade01e9';
