import { randomUUID } from 'node:crypto';
import type { Baggage, Context, TextMapGetter } from '@opentelemetry/api';
import { context, propagation } from '@opentelemetry/api';
import {
  ATTR_KENSA_CONVERSATION_TURN,
  ATTR_KENSA_REQUEST_ID,
  ATTR_SESSION_ID,
  ATTR_USER_ID,
} from '@kensa/semconv';
import { warnOnce } from '../diagOnce';
import type { RequestContext } from '../types';
import { RequestBaggage } from './RequestBaggage';
import { TRUSTED_BAGGAGE_METADATA } from './trustedBaggage';

/** Ids travel in baggage headers to downstream services; long values would bloat every call. */
const MAX_ID_LENGTH = 256;

function validId(name: string, value: unknown): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string' || value.length === 0) {
    warnOnce(`withRequestContext: ${name} must be a non-empty string; it was left out`);
    return undefined;
  }
  if (value.length > MAX_ID_LENGTH) {
    warnOnce(`withRequestContext: ${name} is longer than ${MAX_ID_LENGTH} characters; it was truncated`);
    return value.slice(0, MAX_ID_LENGTH);
  }
  return value;
}

function withTrustedEntries(baggage: Baggage, ids: RequestContext): Baggage {
  const entries: Array<[string, string | undefined]> = [
    [ATTR_SESSION_ID, validId('sessionId', ids.sessionId)],
    [ATTR_USER_ID, validId('userId', ids.userId)],
    [ATTR_KENSA_REQUEST_ID, validId('requestId', ids.requestId)],
  ];
  if (ids.turn !== undefined && ids.turn !== null) {
    if (Number.isSafeInteger(ids.turn) && ids.turn >= 0) entries.push([ATTR_KENSA_CONVERSATION_TURN, String(ids.turn)]);
    else warnOnce('withRequestContext: turn must be a non-negative integer; it was left out');
  }
  let result = baggage;
  for (const [key, value] of entries) {
    if (value !== undefined) result = result.setEntry(key, { value, metadata: TRUSTED_BAGGAGE_METADATA });
  }
  return new RequestBaggage(result);
}

/**
 * Runs `fn` with the request's ids in OpenTelemetry baggage, so every span and log record created
 * inside it (across awaits, callbacks and streams) carries `session.id`, `user.id`,
 * `kensa.request.id` and `kensa.conversation.turn`. Returns whatever `fn` returns. Entries set here
 * are marked as trusted; the same keys arriving in incoming headers are not copied onto spans
 * unless allowed in the correlation config.
 */
export function withRequestContext<A extends unknown[], R>(ids: RequestContext, fn: (...args: A) => R, ...args: A): R {
  let ctx: Context;
  try {
    const active = context.active();
    const baggage = propagation.getBaggage(active) ?? propagation.createBaggage();
    ctx = propagation.setBaggage(active, withTrustedEntries(baggage, ids ?? {}));
  } catch (error) {
    warnOnce(`withRequestContext could not set baggage: ${String(error)}`);
    return fn(...args);
  }
  return context.with(ctx, fn, undefined, ...args);
}

/** Headers as Node's http module, ws upgrade requests or API Gateway events present them. */
export type IncomingHeaders = Record<string, string | string[] | undefined>;

export interface IncomingRequestOptions {
  /** Headers that may carry a request id from our own edge, first match wins. */
  requestIdHeaders?: string[];
}

const DEFAULT_REQUEST_ID_HEADERS = ['x-request-id', 'x-amzn-requestid', 'apigw-requestid'];

const headerGetter: TextMapGetter<IncomingHeaders> = {
  keys: (carrier) => Object.keys(carrier),
  get: (carrier, key) => {
    const direct = carrier[key];
    if (direct !== undefined) return direct;
    const lower = key.toLowerCase();
    for (const k of Object.keys(carrier)) if (k.toLowerCase() === lower) return carrier[k];
    return undefined;
  },
};

function firstHeader(headers: IncomingHeaders, names: string[]): string | undefined {
  for (const name of names) {
    const raw = headerGetter.get(headers, name);
    const value = Array.isArray(raw) ? raw[0] : raw;
    if (typeof value === 'string' && /^[\x21-\x7e]{1,256}$/.test(value)) return value;
  }
  return undefined;
}

/**
 * For HTTP and WebSocket entry points: continues the caller's trace from the incoming headers
 * (traceparent, baggage — the latter stays untrusted), then runs `fn` under
 * {@link withRequestContext}. The request id is taken from `ids`, else from a request-id header
 * of our own edge (API Gateway), else generated, so every request has one.
 */
export function withIncomingRequestContext<T>(
  headers: IncomingHeaders | undefined,
  ids: RequestContext,
  fn: () => T,
  options: IncomingRequestOptions = {},
): T {
  let ctx: Context;
  let requestId: string;
  try {
    const carrier = headers ?? {};
    ctx = propagation.extract(context.active(), carrier, headerGetter);
    requestId = ids?.requestId ?? firstHeader(carrier, options.requestIdHeaders ?? DEFAULT_REQUEST_ID_HEADERS) ?? randomUUID();
  } catch (error) {
    warnOnce(`withIncomingRequestContext could not read the headers: ${String(error)}`);
    return withRequestContext(ids ?? {}, fn);
  }
  return context.with(ctx, () => withRequestContext({ ...ids, requestId }, fn));
}
