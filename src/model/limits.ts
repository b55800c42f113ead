/**
 * Sizes the model accepts, checked at the boundary before memory is spent. Labels are stored as bytes,
 * so a model has at most 256 classes; features are bounded so that d × k weights stay a few hundred MB.
 */
export const MAX_CLASSES = 256;
export const MAX_FEATURES = 1 << 22;
