import type { Obj } from './values';

// One decoder for the whole process: constructing one per call shows up at 1M calls a day.
const decoder = new TextDecoder('utf-8');

/** Bodies above this size are not parsed; Bedrock's own request limit is far below it. */
export const MAX_BODY_BYTES = 64 * 1024 * 1024;

/** Text of any body form the AWS SDK accepts, or `undefined` for anything else (never throws). */
export function bodyText(body: unknown): string | undefined {
  try {
    if (typeof body === 'string') return body.length <= MAX_BODY_BYTES ? body : undefined;
    if (ArrayBuffer.isView(body) || body instanceof ArrayBuffer) {
      if (body.byteLength > MAX_BODY_BYTES) return undefined;
      return decoder.decode(body as Uint8Array);
    }
  } catch {
    // A detached or shared buffer cannot be decoded; the caller reports `parsed: false`.
  }
  return undefined;
}

/**
 * The body as a JSON object: one decode and one `JSON.parse`. An object that is already parsed is used as it
 * is (some callers hand over the SDK's decoded chunk). Anything that is not a JSON object yields `undefined`.
 */
export function bodyObject(body: unknown): Obj | undefined {
  if (typeof body === 'object' && body !== null && !ArrayBuffer.isView(body) && !(body instanceof ArrayBuffer)) {
    return Array.isArray(body) ? undefined : (body as Obj);
  }
  const text = bodyText(body);
  if (text === undefined || text.length === 0) return undefined;
  try {
    const v: unknown = JSON.parse(text);
    return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Obj) : undefined;
  } catch {
    return undefined;
  }
}
