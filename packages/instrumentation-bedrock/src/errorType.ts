import { ERROR_TYPE_VALUE_OTHER } from '@kensa/semconv';

/**
 * `error.type` for a failed call: the AWS error name (`ThrottlingException`), else a Node error
 * code (`ECONNRESET`), else the error's own name (`TimeoutError`, `AbortError`), else `_OTHER`.
 */
export function errorTypeOf(err: unknown): string {
  if (typeof err !== 'object' || err === null) return ERROR_TYPE_VALUE_OTHER;
  try {
    const { name, code } = err as { name?: unknown; code?: unknown };
    if (typeof name === 'string' && name !== '' && name !== 'Error') return name;
    if (typeof code === 'string' && code !== '') return code;
    if (typeof name === 'string' && name !== '') return name;
  } catch {
    // A throwing getter on a foreign error object.
  }
  return ERROR_TYPE_VALUE_OTHER;
}

export function errorMessageOf(err: unknown): string | undefined {
  try {
    const message = (err as { message?: unknown } | undefined)?.message;
    return typeof message === 'string' ? message : undefined;
  } catch {
    return undefined;
  }
}
