import type { IncomingHttpHeaders } from 'node:http';

/** The Bedrock operations the server recognises from the request path. */
export type BedrockOperation =
  | 'InvokeModel'
  | 'InvokeModelWithResponseStream'
  | 'Converse'
  | 'ConverseStream'
  | 'Retrieve'
  | 'RetrieveAndGenerate'
  | 'Unknown';

/** A fixed latency in ms, or a range `[min, max]` a value is drawn from uniformly per use. */
export type Latency = number | readonly [number, number];

/** The AWS errors Bedrock returns, with the HTTP status each one comes with. */
export type BedrockErrorName =
  | 'ThrottlingException'
  | 'ValidationException'
  | 'ModelTimeoutException'
  | 'AccessDeniedException'
  | 'ServiceUnavailableException'
  | 'ModelErrorException'
  | 'ModelNotReadyException'
  | 'ResourceNotFoundException'
  | 'InternalServerException'
  | 'ServiceQuotaExceededException';

/** Exception events Bedrock can send in the middle of an event stream. */
export type BedrockStreamExceptionName =
  | 'modelStreamErrorException'
  | 'throttlingException'
  | 'internalServerException'
  | 'validationException'
  | 'modelTimeoutException'
  | 'serviceUnavailableException';

/** One request as the server received it. */
export interface RecordedRequest {
  /** 0-based arrival order since the server started (or since `reset()`). */
  index: number;
  method: string;
  path: string;
  operation: BedrockOperation;
  /** Model id from the path, URL-decoded (inference-profile ids and ARNs included). */
  modelId?: string;
  /** Knowledge base id from the path (Retrieve) or the body (RetrieveAndGenerate). */
  knowledgeBaseId?: string;
  headers: IncomingHttpHeaders;
  body: Buffer;
  /** The body parsed as JSON, or `undefined` when it is not JSON. Parsed on first access. */
  readonly json: unknown;
}

/** One event of a scripted stream. */
export type StreamEvent =
  /** InvokeModelWithResponseStream: a `chunk` event whose `bytes` carry this JSON value (or these raw bytes). */
  | { chunk: unknown }
  /** ConverseStream: an event named `event` (`messageStart`, `contentBlockDelta`, `metadata`, …) with this payload. */
  | { event: string; payload: unknown }
  /** An exception event (`:message-type exception`); the SDK raises it to the consumer mid-stream. */
  | { exception: BedrockStreamExceptionName; message?: string; originalStatusCode?: number };

interface ResponseBase {
  /** Delay before the response status line is sent. Defaults to the server's `latencyMs`. */
  latencyMs?: Latency;
  /** Extra response headers. */
  headers?: Record<string, string>;
}

/** A scripted JSON (non-streaming) response. */
export interface JsonResponse extends ResponseBase {
  kind: 'json';
  status?: number;
  /** Serialized with `JSON.stringify` unless it is already a string or bytes (non-JSON bodies are allowed). */
  body: unknown;
  /** Token counts sent in the `x-amzn-bedrock-*-token-count` headers (InvokeModel). */
  usage?: { inputTokens: number; outputTokens: number };
}

/** A scripted AWS error response (`x-amzn-errortype` header + JSON body). */
export interface ErrorResponse extends ResponseBase {
  kind: 'error';
  errorType: BedrockErrorName | (string & {});
  message?: string;
  /** Defaults to the status AWS uses for `errorType`. */
  status?: number;
}

/** A scripted `application/vnd.amazon.eventstream` response. */
export interface StreamResponse extends ResponseBase {
  kind: 'stream';
  events: StreamEvent[];
  /** Delay before each event. Defaults to the server's `chunkDelayMs`. */
  chunkDelayMs?: Latency;
  /** After this many events, send half of the next frame and end the response. */
  truncateAfter?: number;
  /** After this many events, reset the TCP connection. */
  resetAfter?: number;
}

/** Drop the connection without answering. */
export interface ResetResponse extends ResponseBase {
  kind: 'reset';
  /**
   * `connection` (default) destroys the TCP connection, as a load balancer or NAT reset would, failing
   * every request multiplexed on it; `stream` resets only this HTTP/2 stream (RST_STREAM).
   */
  scope?: 'connection' | 'stream';
}

/** The built-in realistic response for the request's operation and model family. */
export interface DefaultResponse extends ResponseBase {
  kind: 'default';
  /** Delay before each event of a default stream. */
  chunkDelayMs?: Latency;
}

export type ScriptedResponse = JsonResponse | ErrorResponse | StreamResponse | ResetResponse | DefaultResponse;

/** Decides the response to one request; `undefined` falls through to the queue, then to the default. */
export type ScriptHandler = (request: RecordedRequest) => ScriptedResponse | undefined;

export interface BedrockServerOptions {
  /** Delay before every response unless the response sets its own. Default 0. */
  latencyMs?: Latency;
  /** Delay before every stream event unless the response sets its own. Default 0. */
  chunkDelayMs?: Latency;
  /** How many recent requests `requests` keeps (oldest dropped first). Default 1000; 0 keeps none. */
  maxRecordedRequests?: number;
  /**
   * `auto` (default) serves HTTP/1.1 and cleartext HTTP/2 on one port; `h2` serves only HTTP/2, which
   * the Bedrock clients use by default, without the per-connection sniffing (benchmarks, the simulator).
   */
  protocol?: 'auto' | 'h2' | 'http1';
  /** Seed for the latency draws, so a run can be repeated. Default: unseeded (`Math.random`). */
  seed?: number;
}
