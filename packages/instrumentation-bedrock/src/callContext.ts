import { context, createContextKey } from '@opentelemetry/api';

/** The per-call observer, carried in the OTel context so the client middleware can find it. */
export const CALL_KEY = createContextKey('@kensa/instrumentation-bedrock call');

export interface TransportObserver {
  onHttpResponse(headers: Record<string, string | undefined> | undefined, hostname: string | undefined, port: number | undefined): void;
}

const MIDDLEWARE_NAME = 'kensaBedrockResponseCapture';
const ADDED = new WeakSet<object>();

interface HttpRequestLike {
  hostname?: string;
  port?: number;
  protocol?: string;
}
interface DeserializeResult {
  response?: { headers?: Record<string, string | undefined> };
}

/**
 * A deserialize-step middleware that hands the raw response headers (token counts, request id)
 * and the endpoint actually called to the call in the active context. It runs once per attempt,
 * so the final attempt wins.
 */
export function addResponseCapture(stack: { add(mw: unknown, options: Record<string, unknown>): void } | undefined): void {
  if (!stack || ADDED.has(stack)) return;
  ADDED.add(stack);
  const middleware =
    (next: (args: { request?: HttpRequestLike }) => Promise<DeserializeResult>) =>
    (args: { request?: HttpRequestLike }): Promise<DeserializeResult> => {
      const observer = context.active().getValue(CALL_KEY) as TransportObserver | undefined;
      if (!observer) return next(args);
      const request = args.request;
      const port = request?.port ?? (request?.protocol === 'http:' ? 80 : request?.hostname ? 443 : undefined);
      // The SDK's own promise chain, one reaction added: no async wrapper per attempt.
      return next(args).then(
        (result) => {
          observer.onHttpResponse(result.response?.headers, request?.hostname, port);
          return result;
        },
        (err: unknown) => {
          const response = (err as { $response?: { headers?: Record<string, string | undefined> } } | undefined)?.$response;
          observer.onHttpResponse(response?.headers, request?.hostname, port);
          throw err;
        },
      );
    };
  stack.add(middleware, { step: 'deserialize', name: MIDDLEWARE_NAME, priority: 'high', override: true });
}
