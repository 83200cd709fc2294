/** A problem with the user's input that deserves a plain message and a non-zero exit, never a stack trace. */
export class InputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InputError';
  }
}
