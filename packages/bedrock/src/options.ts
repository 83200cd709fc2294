import { DEFAULT_MAX_CONTENT_CHARS } from './OutputCollector';
import type { ParseOptions } from './types';

/** `options.content` with its default; a caller's options object of any shape cannot make a parse throw. */
export function contentOption(options: ParseOptions | undefined): boolean {
  try {
    return typeof options?.content === 'boolean' ? options.content : true;
  } catch {
    return true;
  }
}

export function maxContentCharsOption(options: ParseOptions | undefined): number {
  try {
    const max = options?.maxContentChars;
    return typeof max === 'number' && max >= 0 ? max : DEFAULT_MAX_CONTENT_CHARS;
  } catch {
    return DEFAULT_MAX_CONTENT_CHARS;
  }
}
