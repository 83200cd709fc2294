import { context, createContextKey } from '@opentelemetry/api';

/** The per-call observer, carried in the OTel context so the client's request handler can find it. */
export const CALL_KEY = createContextKey('@kensa/instrumentation-bedrock call');

export interface TransportObserver {
  onHttpResponse(headers: Record<string, string | undefined> | undefined, hostname: string | undefined, port: number | undefined): void;
}

interface HttpRequestLike {
  hostname?: string;
  port?: number;
  protocol?: string;
}
interface HandlerOutputLike {
  response?: { headers?: Record<string, string | undefined> };
}
type Handle = (this: unknown, request: HttpRequestLike | undefined, ...rest: unknown[]) => unknown;

/** On a wrapped `handle`: the function it wraps (also keeps a second copy of this package from wrapping again). */
const ORIGINAL = Symbol.for('@kensa/instrumentation-bedrock.handle');

/**
 * Hands the raw response headers (token counts, request id) and the endpoint actually called to
 * the call in the active context, from the client's request handler (`config.requestHandler`, the
 * object the SDK passes each attempt's HTTP request to). Its `handle` is wrapped once, on the
 * instance: the promise it returns is handed back as it is, the headers are read off to one side,
 * so every attempt is seen and the final one wins.
 *
 * This used to be a deserialize-step middleware on the client's stack. The SDK rebuilds the
 * middleware chain for every command, and one more entry in it cost about 10 µs a call in
 * `npm run bench:bedrock` (a pass-through middleware cost the same), more than the rest of
 * what the middleware did. A handler may be shared with clients of other services: what it sees
 * outside a Bedrock call finds no observer, and the only other requests made inside one are the
 * credential provider's, which the SDK makes before it signs, so the call's own attempt comes last.
 */
export function observeRequestHandler(config: unknown): void {
  const handler = (config as { requestHandler?: unknown } | undefined)?.requestHandler;
  if (typeof handler !== 'object' || handler === null) return;
  const target = handler as { handle?: unknown };
  const handle = target.handle;
  if (typeof handle !== 'function' || (handle as { [ORIGINAL]?: unknown })[ORIGINAL] !== undefined) return;
  const original = handle as Handle;
  const observed = function (this: unknown, request: HttpRequestLike | undefined, ...rest: unknown[]): unknown {
    const result = original.call(this, request, ...rest);
    try {
      const observer = context.active().getValue(CALL_KEY) as TransportObserver | undefined;
      if (observer !== undefined && typeof (result as PromiseLike<unknown> | undefined)?.then === 'function') {
        const hostname = request?.hostname;
        const port = request?.port ?? (request?.protocol === 'http:' ? 80 : hostname ? 443 : undefined);
        // A branch of its own: the SDK awaits `result` itself, and its rejection stays the SDK's to
        // handle. A failed attempt (connection reset, abort) still tells which endpoint was called.
        (result as Promise<HandlerOutputLike | undefined>).then(
          (output) => observer.onHttpResponse(output?.response?.headers, hostname, port),
          () => observer.onHttpResponse(undefined, hostname, port),
        );
      }
    } catch {
      // Observing must never change what the SDK gets back.
    }
    return result;
  } as Handle & { [ORIGINAL]: Handle };
  observed[ORIGINAL] = original;
  try {
    Object.defineProperty(target, 'handle', { configurable: true, writable: true, enumerable: false, value: observed });
  } catch {
    // A frozen handler is left alone: the call then goes without the headers and the endpoint.
  }
}
