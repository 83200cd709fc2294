import type { ErrorMatchInput } from '@kensa/processors';
import { ATTR_DB_SYSTEM_NAME, ATTR_GEN_AI_PROVIDER_NAME, ATTR_RPC_METHOD, ATTR_RPC_SERVICE } from '@kensa/semconv';
import type { OtlpAnyValue } from './anyValue';

/** One attribute as it appears in OTLP/JSON. */
export interface OtlpKeyValue {
  key: string;
  value?: OtlpAnyValue;
}

/** One span as it appears in OTLP/JSON (`ExportTraceServiceRequest.resourceSpans[].scopeSpans[].spans[]`). */
export interface OtlpSpan {
  traceId?: string;
  spanId?: string;
  parentSpanId?: string;
  name?: string;
  kind?: number | string;
  startTimeUnixNano?: string | number;
  endTimeUnixNano?: string | number;
  attributes?: OtlpKeyValue[];
  status?: { code?: number | string; message?: string };
  events?: { name?: string; timeUnixNano?: string | number; attributes?: OtlpKeyValue[] }[];
}

/**
 * The fields of one span the report uses, decoded once. The reader reuses a single instance for
 * every span, so nothing here may be kept past the visitor call: copy what you keep.
 */
export class SpanRecord {
  traceId = '';
  spanId = '';
  parentSpanId = '';
  name = '';
  /** OTLP SpanKind number (1 internal, 2 server, 3 client, 4 producer, 5 consumer). */
  kind = 0;
  startMs = NaN;
  durationMs = NaN;
  isError = false;
  statusMessage = '';
  serviceName = '';

  component: string | undefined;
  budgetLimitMs = NaN;
  budgetStatus: string | undefined;
  slaTargetMs = NaN;
  slaMet: boolean | undefined;
  bottleneckComponent: string | undefined;
  bottleneckShare = NaN;

  operation: string | undefined;
  provider: string | undefined;
  model: string | undefined;
  responseModel: string | undefined;
  inputTokens = NaN;
  outputTokens = NaN;
  cacheReadTokens = NaN;
  cacheWriteTokens = NaN;
  costUsd = NaN;
  finishReasons: string | undefined;
  timeToFirstChunkS = NaN;

  contextUtilization = NaN;
  contextStatus: string | undefined;
  contextLargestSection: string | undefined;
  contextBudgetTokens = NaN;

  errorType: string | undefined;
  exceptionType: string | undefined;
  exceptionMessage: string | undefined;
  patternId: string | undefined;
  patternName: string | undefined;
  patternCategory: string | undefined;
  patternTransient: boolean | undefined;
  patternSeverity: string | undefined;
  patternConfidence = NaN;
  patternRemediation: string | undefined;

  retrievalScoreMax = NaN;
  retrievalScoreMean = NaN;
  retrievalLowRelevance: boolean | undefined;

  sessionId: string | undefined;
  userId: string | undefined;
  requestId: string | undefined;
  turn = NaN;

  dbSystem: string | undefined;
  rpcService: string | undefined;
  rpcMethod: string | undefined;

  reset(): void {
    this.traceId = '';
    this.spanId = '';
    this.parentSpanId = '';
    this.name = '';
    this.kind = 0;
    this.startMs = NaN;
    this.durationMs = NaN;
    this.isError = false;
    this.statusMessage = '';
    this.component = undefined;
    this.budgetLimitMs = NaN;
    this.budgetStatus = undefined;
    this.slaTargetMs = NaN;
    this.slaMet = undefined;
    this.bottleneckComponent = undefined;
    this.bottleneckShare = NaN;
    this.operation = undefined;
    this.provider = undefined;
    this.model = undefined;
    this.responseModel = undefined;
    this.inputTokens = NaN;
    this.outputTokens = NaN;
    this.cacheReadTokens = NaN;
    this.cacheWriteTokens = NaN;
    this.costUsd = NaN;
    this.finishReasons = undefined;
    this.timeToFirstChunkS = NaN;
    this.contextUtilization = NaN;
    this.contextStatus = undefined;
    this.contextLargestSection = undefined;
    this.contextBudgetTokens = NaN;
    this.errorType = undefined;
    this.exceptionType = undefined;
    this.exceptionMessage = undefined;
    this.patternId = undefined;
    this.patternName = undefined;
    this.patternCategory = undefined;
    this.patternTransient = undefined;
    this.patternSeverity = undefined;
    this.patternConfidence = NaN;
    this.patternRemediation = undefined;
    this.retrievalScoreMax = NaN;
    this.retrievalScoreMean = NaN;
    this.retrievalLowRelevance = undefined;
    this.sessionId = undefined;
    this.userId = undefined;
    this.requestId = undefined;
    this.turn = NaN;
    this.dbSystem = undefined;
    this.rpcService = undefined;
    this.rpcMethod = undefined;
  }

  /** Error type and message in one line, for display (`ThrottlingException: Rate exceeded`). */
  errorText(): string {
    const type = this.errorType ?? this.exceptionType ?? '';
    const msg = this.exceptionMessage ?? this.statusMessage;
    if (type === '' || msg.startsWith(type)) return msg;
    return msg === '' ? type : `${type}: ${msg}`;
  }

  /** The failure as the processors' pattern matcher takes it. */
  errorMatchInput(): ErrorMatchInput {
    const attributes: Record<string, string> = {};
    if (this.provider !== undefined) attributes[ATTR_GEN_AI_PROVIDER_NAME] = this.provider;
    if (this.rpcService !== undefined) attributes[ATTR_RPC_SERVICE] = this.rpcService;
    if (this.rpcMethod !== undefined) attributes[ATTR_RPC_METHOD] = this.rpcMethod;
    if (this.dbSystem !== undefined) attributes[ATTR_DB_SYSTEM_NAME] = this.dbSystem;
    return {
      ...(this.errorType !== undefined ? { errorType: this.errorType } : {}),
      ...(this.exceptionType !== undefined ? { exceptionTypes: [this.exceptionType] } : {}),
      messages: [this.exceptionMessage, this.statusMessage].filter((m): m is string => typeof m === 'string' && m !== ''),
      attributes,
    };
  }
}
