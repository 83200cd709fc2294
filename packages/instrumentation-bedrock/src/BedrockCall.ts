import { context, diag, SpanStatusCode, trace, type AttributeValue, type Context, type Exception, type Span } from '@opentelemetry/api';
import { SeverityNumber, type AnyValueMap, type Logger, type LogRecord } from '@opentelemetry/api-logs';
import { safeExecuteInTheMiddle } from '@opentelemetry/instrumentation';
import { computeCost, totalInputTokens, type Cost, type ResponseInfo } from '@kensa/bedrock';
import { sc } from './names';
import type { TransportObserver } from './callContext';
import type { ContentRecorder } from './ContentRecorder';
import { errorMessageOf, errorTypeOf } from './errorType';
import type { Instruments } from './Instruments';
import type { CallStart, ResponseMetadataLike } from './internal-types';
import type { BedrockInstrumentationConfig } from './types';

/** What one BedrockCall needs from the instrumentation. */
export interface CallDeps {
  instruments: Instruments;
  logger: Logger;
  emitLogs: boolean;
  content: ContentRecorder | undefined;
  responseHook: BedrockInstrumentationConfig['responseHook'];
  streamIdleTimeoutMs: number;
}

/** Retrieval results, summarised. */
export interface RetrievalSummary {
  results: number;
  scores: number[];
  outputText?: string;
}

export type StreamEnd = 'completed' | 'incomplete' | 'error' | 'cancelled' | 'idle_timeout';

/**
 * One Bedrock call from start to end: holds its span, collects what the transport, the output and
 * (for streams) the chunks tell, and on `finish` writes span attributes, metrics and the log record.
 * Finishes exactly once; nothing in here throws to the caller.
 */
export class BedrockCall implements TransportObserver {
  private readonly started = performance.now();
  private headers: Record<string, string | undefined> | undefined;
  private serverAddress: string | undefined;
  private serverPort: number | undefined;
  private finished = false;
  private timeToFirstChunkS: number | undefined;
  private cleanups: Array<() => void> | undefined;
  /**
   * The context the call runs in (its span active), set when it is sent. The log record is emitted
   * in it: for a stream that ends inside the app's loop, it is still the call's context (and
   * baggage), and there is no second context to build.
   */
  callContext: Context | undefined;

  constructor(
    readonly start: CallStart,
    readonly span: Span,
    private readonly deps: CallDeps,
  ) {}

  get isFinished(): boolean {
    return this.finished;
  }

  /** One attempt's HTTP exchange as the request handler saw it (no headers when it failed); the last one wins. */
  onHttpResponse(headers: Record<string, string | undefined> | undefined, hostname: string | undefined, port: number | undefined): void {
    // Plain assignments: this runs beside the SDK's own handling of the response and must not throw.
    this.headers = typeof headers === 'object' && headers !== null ? headers : undefined;
    if (typeof hostname === 'string' && hostname !== '') this.serverAddress = hostname;
    if (typeof port === 'number') this.serverPort = port;
  }

  /** Response headers of the final attempt (lower-case keys), when the transport reported them. */
  get responseHeaders(): Record<string, string | undefined> | undefined {
    return this.headers;
  }

  /** Records the moment the first content-bearing chunk reached the application. */
  markFirstContent(atMs: number): void {
    if (this.timeToFirstChunkS === undefined) this.timeToFirstChunkS = Math.max(0, atMs - this.started) / 1000;
  }

  /** Runs when the call finishes (timers, listeners). */
  onFinish(cleanup: () => void): void {
    if (this.finished) cleanup();
    else (this.cleanups ??= []).push(cleanup);
  }

  finish(outcome: {
    output?: unknown;
    error?: unknown;
    response?: ResponseInfo;
    retrieval?: RetrievalSummary;
    chunks?: number;
    streamEnd?: StreamEnd;
  }): void {
    if (this.finished) return;
    this.finished = true;
    const cleanups = this.cleanups;
    this.cleanups = undefined;
    if (cleanups !== undefined) {
      for (const cleanup of cleanups) {
        try {
          cleanup();
        } catch {
          // A cleanup must not keep the span open.
        }
      }
    }
    try {
      this.record(outcome);
    } catch (err) {
      diag.debug('@kensa/instrumentation-bedrock: failed to record a call', err);
    } finally {
      this.span.end();
    }
  }

  private record(outcome: {
    output?: unknown;
    error?: unknown;
    response?: ResponseInfo;
    retrieval?: RetrievalSummary;
    chunks?: number;
    streamEnd?: StreamEnd;
  }): void {
    const { start, span, deps } = this;
    const durationS = (performance.now() - this.started) / 1000;
    const { error, response, retrieval } = outcome;
    const failed = error !== undefined;
    // Span attributes go straight onto the span (no intermediate object for the SDK to walk); the
    // ones the log record repeats are collected here as they are set (`put`).
    const log: AnyValueMap | undefined = deps.emitLogs ? this.logBase(durationS) : undefined;

    const meta = metadataOf(outcome.output) ?? metadataOf(error);
    const requestId = meta?.requestId ?? this.headers?.['x-amzn-requestid'];
    if (requestId) put(span, log, sc.ATTR_AWS_REQUEST_ID, requestId);
    if (typeof meta?.attempts === 'number') put(span, log, sc.ATTR_KENSA_AWS_ATTEMPTS, meta.attempts);
    if (typeof meta?.totalRetryDelay === 'number') span.setAttribute(sc.ATTR_KENSA_AWS_TOTAL_RETRY_DELAY_MS, meta.totalRetryDelay);
    if (this.serverAddress) span.setAttribute(sc.ATTR_SERVER_ADDRESS, this.serverAddress);
    if (this.serverPort !== undefined) span.setAttribute(sc.ATTR_SERVER_PORT, this.serverPort);

    let cost: Cost | undefined;
    let costUnknown = false;
    if (response) {
      if (response.id) span.setAttribute(sc.ATTR_GEN_AI_RESPONSE_ID, response.id);
      if (response.model) span.setAttribute(sc.ATTR_GEN_AI_RESPONSE_MODEL, response.model);
      if (response.finishReasons.length > 0) put(span, log, sc.ATTR_GEN_AI_RESPONSE_FINISH_REASONS, response.finishReasons);
      if (response.rawStopReasons[0]) span.setAttribute(sc.ATTR_KENSA_GEN_AI_RESPONSE_STOP_REASON, response.rawStopReasons[0]);
      const u = response.usage;
      // The spec's input_tokens includes cached tokens; Bedrock reports them apart.
      const input = totalInputTokens(u);
      if (input !== undefined) put(span, log, sc.ATTR_GEN_AI_USAGE_INPUT_TOKENS, input);
      if (u.outputTokens !== undefined) put(span, log, sc.ATTR_GEN_AI_USAGE_OUTPUT_TOKENS, u.outputTokens);
      if (u.cacheReadInputTokens !== undefined) put(span, log, sc.ATTR_GEN_AI_USAGE_CACHE_READ_INPUT_TOKENS, u.cacheReadInputTokens);
      if (u.cacheWriteInputTokens !== undefined) put(span, log, sc.ATTR_GEN_AI_USAGE_CACHE_CREATION_INPUT_TOKENS, u.cacheWriteInputTokens);
      if (u.estimated) span.setAttribute(sc.ATTR_KENSA_GEN_AI_USAGE_ESTIMATED, true);
      if (response.latencyMs !== undefined) span.setAttribute(sc.ATTR_KENSA_GEN_AI_RESPONSE_SERVER_LATENCY_MS, response.latencyMs);
      const hasTokens = u.inputTokens !== undefined || u.outputTokens !== undefined || u.cacheReadInputTokens !== undefined || u.cacheWriteInputTokens !== undefined;
      if (hasTokens && start.resolved) {
        cost = computeCost(start.resolved, u);
        costUnknown = cost === undefined;
      }
    }
    if (cost) {
      span.setAttribute(sc.ATTR_KENSA_GEN_AI_COST_INPUT_USD, cost.inputUsd);
      span.setAttribute(sc.ATTR_KENSA_GEN_AI_COST_OUTPUT_USD, cost.outputUsd);
      span.setAttribute(sc.ATTR_KENSA_GEN_AI_COST_CACHE_READ_USD, cost.cacheReadUsd);
      span.setAttribute(sc.ATTR_KENSA_GEN_AI_COST_CACHE_WRITE_USD, cost.cacheWriteUsd);
      put(span, log, sc.ATTR_KENSA_GEN_AI_COST_TOTAL_USD, cost.totalUsd);
      if (cost.cacheReadUsd > 0 || cost.cacheWriteUsd > 0) put(span, log, sc.ATTR_KENSA_GEN_AI_COST_CACHE_SAVINGS_USD, cost.cacheSavingsUsd);
    } else if (costUnknown) {
      put(span, log, sc.ATTR_KENSA_GEN_AI_COST_UNKNOWN_MODEL, true);
    }
    if (start.stream) {
      if (outcome.chunks !== undefined) span.setAttribute(sc.ATTR_KENSA_GEN_AI_RESPONSE_CHUNK_COUNT, outcome.chunks);
      if (outcome.streamEnd) span.setAttribute(sc.ATTR_KENSA_GEN_AI_STREAM_END, outcome.streamEnd);
      if (this.timeToFirstChunkS !== undefined) put(span, log, sc.ATTR_GEN_AI_RESPONSE_TIME_TO_FIRST_CHUNK, this.timeToFirstChunkS);
    }
    if (retrieval) {
      put(span, log, sc.ATTR_KENSA_RETRIEVAL_RESULTS, retrieval.results);
      if (retrieval.scores.length > 0) {
        let min = Infinity;
        let max = -Infinity;
        let sum = 0;
        for (const s of retrieval.scores) {
          if (s < min) min = s;
          if (s > max) max = s;
          sum += s;
        }
        span.setAttribute(sc.ATTR_KENSA_RETRIEVAL_SCORE_MIN, min);
        span.setAttribute(sc.ATTR_KENSA_RETRIEVAL_SCORE_MAX, max);
        put(span, log, sc.ATTR_KENSA_RETRIEVAL_SCORE_MEAN, sum / retrieval.scores.length);
      }
    }

    let outputContent: string | undefined;
    if (deps.content) {
      const messages = response?.outputMessages ?? (retrieval?.outputText !== undefined ? [{ role: 'assistant', parts: [{ type: 'text', content: retrieval.outputText }] }] : undefined);
      outputContent = deps.content.format(messages);
      if (outputContent !== undefined) span.setAttribute(sc.ATTR_GEN_AI_OUTPUT_MESSAGES, outputContent);
    }

    const errorType = failed ? errorTypeOf(error) : undefined;
    if (errorType) put(span, log, sc.ATTR_ERROR_TYPE, errorType);
    if (failed) {
      try {
        span.recordException(toException(error));
      } catch {
        // An exotic error object must not keep the span from ending.
      }
      span.setStatus({ code: SpanStatusCode.ERROR, message: errorMessageOf(error) ?? errorType });
    }

    const hook = deps.responseHook;
    if (hook) {
      safeExecuteInTheMiddle(
        () => hook(span, { operation: start.operation, output: outcome.output, ...(response ? { response } : {}), ...(failed ? { error } : {}) }),
        (e) => {
          if (e) diag.error('@kensa/instrumentation-bedrock: responseHook failed', e);
        },
        true,
      );
    }

    this.recordMetrics(durationS, response, cost, errorType);
    if (log !== undefined) this.emitLog(log, errorType, error, outputContent);
  }

  private recordMetrics(durationS: number, response: ResponseInfo | undefined, cost: Cost | undefined, errorType: string | undefined): void {
    const { instruments } = this.deps;
    const attrs = instruments.attributesFor({
      operation: this.start.genAiOperation,
      requestModel: this.start.requestModel,
      responseModel: response?.model,
      errorType,
      serverAddress: this.serverAddress,
      serverPort: this.serverPort,
    });
    instruments.duration.record(durationS, attrs.call);
    if (this.timeToFirstChunkS !== undefined) instruments.timeToFirstChunk.record(this.timeToFirstChunkS, attrs.call);
    const usage = response?.usage;
    if (usage) {
      const input = totalInputTokens(usage);
      if (input !== undefined) instruments.tokenUsage.record(input, attrs.inputTokens);
      if (usage.outputTokens !== undefined) instruments.tokenUsage.record(usage.outputTokens, attrs.outputTokens);
    }
    // Only a positive, finite cost is added (CostTotals checks).
    if (cost) instruments.addCost(this.start.genAiOperation, this.start.requestModel, cost.totalUsd);
  }

  /** The log record's own attributes; `record` adds the span attributes it repeats. */
  private logBase(durationS: number): AnyValueMap {
    const { start } = this;
    // Only what the Logs Insights queries group and filter by; the span keeps everything else.
    const attributes: AnyValueMap = {};
    attributes[sc.ATTR_GEN_AI_OPERATION_NAME] = start.genAiOperation;
    attributes[sc.ATTR_KENSA_GEN_AI_DURATION_MS] = durationS * 1000;
    if (start.requestModel) attributes[sc.ATTR_GEN_AI_REQUEST_MODEL] = start.requestModel;
    if (start.resolved?.baseId) attributes[sc.ATTR_KENSA_GEN_AI_MODEL_BASE_ID] = start.resolved.baseId;
    if (start.knowledgeBaseId) attributes[sc.ATTR_AWS_BEDROCK_KNOWLEDGE_BASE_ID] = start.knowledgeBaseId;
    return attributes;
  }

  private emitLog(attributes: AnyValueMap, errorType: string | undefined, error: unknown, outputContent: string | undefined): void {
    const { start } = this;
    attributes[sc.ATTR_KENSA_GEN_AI_STATUS] = errorType ? 'error' : 'ok';
    if (errorType) {
      const message = errorMessageOf(error);
      if (message !== undefined) attributes[sc.ATTR_EXCEPTION_MESSAGE] = message;
    }
    let body: AnyValueMap | undefined;
    const content = this.deps.content;
    if (content) {
      body = {};
      const input = content.format(start.request?.messages);
      const system = start.request?.system !== undefined ? content.format([{ type: 'text', content: start.request.system }]) : undefined;
      if (input !== undefined) body[sc.ATTR_GEN_AI_INPUT_MESSAGES] = input;
      if (system !== undefined) body[sc.ATTR_GEN_AI_SYSTEM_INSTRUCTIONS] = system;
      if (outputContent !== undefined) body[sc.ATTR_GEN_AI_OUTPUT_MESSAGES] = outputContent;
    }
    const logRecord: LogRecord = {
      eventName: sc.EVENT_GEN_AI_CLIENT_INFERENCE_OPERATION_DETAILS,
      severityNumber: errorType ? SeverityNumber.WARN : SeverityNumber.INFO,
      severityText: errorType ? 'WARN' : 'INFO',
      context: this.callContext ?? trace.setSpan(context.active(), this.span),
      attributes,
    };
    if (body) logRecord.body = body;
    this.deps.logger.emit(logRecord);
  }
}

/** Sets a span attribute that the call's log record repeats. */
function put(span: Span, log: AnyValueMap | undefined, key: string, value: AttributeValue): void {
  span.setAttribute(key, value);
  if (log !== undefined) log[key] = value;
}

function metadataOf(value: unknown): ResponseMetadataLike | undefined {
  try {
    const meta = (value as { $metadata?: unknown } | undefined)?.$metadata;
    return typeof meta === 'object' && meta !== null ? (meta as ResponseMetadataLike) : undefined;
  } catch {
    return undefined;
  }
}

function toException(error: unknown): Exception {
  if (typeof error === 'string') return error;
  if (typeof error === 'object' && error !== null) return error as Exception;
  return String(error);
}
