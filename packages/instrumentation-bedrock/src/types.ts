import type { Span } from '@opentelemetry/api';
import type { InstrumentationConfig } from '@opentelemetry/instrumentation';
import type { CatalogOverrides, ResponseInfo } from '@kensa/bedrock';

/** The Bedrock operations this instrumentation traces. */
export type BedrockOperationName =
  | 'InvokeModel'
  | 'InvokeModelWithResponseStream'
  | 'Converse'
  | 'ConverseStream'
  | 'Retrieve'
  | 'RetrieveAndGenerate';

export interface BedrockRequestHookInfo {
  operation: BedrockOperationName;
  /** The command input, as the application passed it. Do not mutate. */
  input: unknown;
}

export interface BedrockResponseHookInfo {
  operation: BedrockOperationName;
  /** The command output (for streams: once the stream has ended). Do not mutate. */
  output: unknown;
  /** What Kensa parsed from the response (absent for failures and retrieval calls). */
  response?: ResponseInfo;
  /** The error the call failed with, if it failed. */
  error?: unknown;
}

export interface BedrockInstrumentationConfig extends InstrumentationConfig {
  /**
   * Record prompts and responses (`gen_ai.input.messages`, `gen_ai.output.messages`,
   * `gen_ai.system_instructions`, and the log record's body). Default: true only when
   * `OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT=true`.
   */
  captureMessageContent?: boolean;
  /** Most characters recorded per content attribute; longer values are cut and end with `…`. Default 16384. */
  maxContentLength?: number;
  /**
   * Runs on every content string before it is recorded (e.g. to mask emails). If it throws, the
   * content is not recorded at all.
   */
  redact?: (text: string) => string;
  /** Extra or replacement models, prices and ARN mappings for model resolution and cost. */
  catalogOverrides?: CatalogOverrides;
  /**
   * A streamed response that the application stops reading for this long ends its span with
   * `kensa.gen_ai.stream.end=idle_timeout`, so a stream that is never drained cannot keep a span open.
   * Default 120000 ms.
   */
  streamIdleTimeoutMs?: number;
  /** Emit the per-call `gen_ai.client.inference.operation.details` log record. Default true. */
  emitLogRecords?: boolean;
  /** Called after the span starts, with the command input. Errors are caught and logged. */
  requestHook?: (span: Span, info: BedrockRequestHookInfo) => void;
  /** Called before the span ends, with the output or error. Errors are caught and logged. */
  responseHook?: (span: Span, info: BedrockResponseHookInfo) => void;
}
