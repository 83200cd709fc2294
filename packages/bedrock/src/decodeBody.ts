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

/** A plain object (`{}` literal or JSON.parse result): not a Blob, stream, Map or class instance. */
function isPlainObject(v: object): boolean {
  const proto: unknown = Object.getPrototypeOf(v);
  return proto === Object.prototype || proto === null;
}

/**
 * The body as a JSON object: one decode and one `JSON.parse`. A plain object that is already parsed is used as
 * it is (some callers hand over the SDK's decoded chunk). Anything that is not a JSON object — including Blobs
 * and streams, which cannot be read synchronously — yields `undefined`.
 */
export function bodyObject(body: unknown): Obj | undefined {
  if (typeof body === 'object' && body !== null && !ArrayBuffer.isView(body) && !(body instanceof ArrayBuffer)) {
    try {
      return !Array.isArray(body) && isPlainObject(body) ? (body as Obj) : undefined;
    } catch {
      // A Proxy can throw from getPrototypeOf.
      return undefined;
    }
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
