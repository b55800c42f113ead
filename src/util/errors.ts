/**
 * Errors a user can fix: a bad file, flag or value. The command line prints the message alone (one line,
 * no stack trace) and exits with `exitCode`. Messages name the thing and its value.
 */
export class InputError extends Error {
  readonly exitCode: number = 2;
  constructor(message: string) {
    super(message);
    this.name = 'InputError';
  }
}

/** A training run whose loss became NaN, infinite, or grew far past its start. */
export class DivergenceError extends Error {
  readonly exitCode: number = 3;
  constructor(
    message: string,
    readonly epoch: number,
    readonly loss: number,
  ) {
    super(message);
    this.name = 'DivergenceError';
  }
}
