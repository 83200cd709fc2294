import {
  ATTR_DB_SYSTEM,
  ATTR_DB_SYSTEM_NAME,
  ATTR_ERROR_TYPE,
  ATTR_GEN_AI_OPERATION_NAME,
  ATTR_GEN_AI_PROVIDER_NAME,
  ATTR_GEN_AI_REQUEST_MODEL,
  ATTR_GEN_AI_RESPONSE_FINISH_REASONS,
  ATTR_GEN_AI_RESPONSE_MODEL,
  ATTR_GEN_AI_RESPONSE_TIME_TO_FIRST_CHUNK,
  ATTR_GEN_AI_CONVERSATION_ID,
  ATTR_GEN_AI_USAGE_CACHE_CREATION_INPUT_TOKENS,
  ATTR_GEN_AI_USAGE_CACHE_READ_INPUT_TOKENS,
  ATTR_GEN_AI_USAGE_INPUT_TOKENS,
  ATTR_GEN_AI_USAGE_OUTPUT_TOKENS,
  ATTR_KENSA_BOTTLENECK_COMPONENT,
  ATTR_KENSA_BOTTLENECK_SHARE,
  ATTR_KENSA_BUDGET_COMPONENT,
  ATTR_KENSA_BUDGET_LIMIT_MS,
  ATTR_KENSA_BUDGET_STATUS,
  ATTR_KENSA_CONTEXT_BUDGET_TOKENS,
  ATTR_KENSA_CONTEXT_LARGEST_SECTION,
  ATTR_KENSA_CONTEXT_STATUS,
  ATTR_KENSA_CONTEXT_UTILIZATION,
  ATTR_KENSA_CONVERSATION_TURN,
  ATTR_KENSA_ERROR_PATTERN_CATEGORY,
  ATTR_KENSA_ERROR_PATTERN_CONFIDENCE,
  ATTR_KENSA_ERROR_PATTERN_ID,
  ATTR_KENSA_ERROR_PATTERN_NAME,
  ATTR_KENSA_ERROR_PATTERN_REMEDIATION,
  ATTR_KENSA_ERROR_PATTERN_SEVERITY,
  ATTR_KENSA_ERROR_PATTERN_TRANSIENT,
  ATTR_KENSA_GEN_AI_COST_TOTAL_USD,
  ATTR_KENSA_REQUEST_ID,
  ATTR_KENSA_RETRIEVAL_LOW_RELEVANCE,
  ATTR_KENSA_RETRIEVAL_SCORE_MAX,
  ATTR_KENSA_RETRIEVAL_SCORE_MEAN,
  ATTR_KENSA_SLA_MET,
  ATTR_KENSA_SLA_TARGET_MS,
  ATTR_RPC_METHOD,
  ATTR_RPC_SERVICE,
  ATTR_SESSION_ID,
  ATTR_USER_ID,
} from '@kensa/semconv';
import type { SpanRecord } from './SpanRecord';

/** How an attribute's `AnyValue` is read: as `anyString`, `anyNumber` or `anyBool` would read it. */
export type AttributeType = 'string' | 'number' | 'bool';

export interface AttributeField {
  readonly type: AttributeType;
  /** Stores the converted value (`undefined`/NaN when absent), as `=` or, for fallback keys, `??=`. */
  readonly set: (out: SpanRecord, value: string | number | boolean | undefined) => void;
}

/**
 * Every span attribute the report reads, and where it goes in the {@link SpanRecord}: the one
 * definition both decoders (objects from JSON.parse, and bytes) use. The keys are read from
 * @kensa/semconv once, at load time: a `switch` over imported constants re-reads each one through
 * the CommonJS export getter on every attribute, which profiled as the largest cost of a report.
 */
export const SPAN_ATTRIBUTES: ReadonlyMap<string, AttributeField> = new Map<string, AttributeField>([
  [ATTR_KENSA_BUDGET_COMPONENT, { type: 'string', set: (out, x) => { out.component = x as string | undefined; } }],
  [ATTR_KENSA_BUDGET_LIMIT_MS, { type: 'number', set: (out, x) => { out.budgetLimitMs = x as number; } }],
  [ATTR_KENSA_BUDGET_STATUS, { type: 'string', set: (out, x) => { out.budgetStatus = x as string | undefined; } }],
  [ATTR_KENSA_SLA_TARGET_MS, { type: 'number', set: (out, x) => { out.slaTargetMs = x as number; } }],
  [ATTR_KENSA_SLA_MET, { type: 'bool', set: (out, x) => { out.slaMet = x as boolean | undefined; } }],
  [ATTR_KENSA_BOTTLENECK_COMPONENT, { type: 'string', set: (out, x) => { out.bottleneckComponent = x as string | undefined; } }],
  [ATTR_KENSA_BOTTLENECK_SHARE, { type: 'number', set: (out, x) => { out.bottleneckShare = x as number; } }],
  [ATTR_GEN_AI_OPERATION_NAME, { type: 'string', set: (out, x) => { out.operation = x as string | undefined; } }],
  [ATTR_GEN_AI_PROVIDER_NAME, { type: 'string', set: (out, x) => { out.provider = x as string | undefined; } }],
  [ATTR_GEN_AI_REQUEST_MODEL, { type: 'string', set: (out, x) => { out.model = x as string | undefined; } }],
  [ATTR_GEN_AI_RESPONSE_MODEL, { type: 'string', set: (out, x) => { out.responseModel = x as string | undefined; } }],
  [ATTR_GEN_AI_USAGE_INPUT_TOKENS, { type: 'number', set: (out, x) => { out.inputTokens = x as number; } }],
  [ATTR_GEN_AI_USAGE_OUTPUT_TOKENS, { type: 'number', set: (out, x) => { out.outputTokens = x as number; } }],
  [ATTR_GEN_AI_USAGE_CACHE_READ_INPUT_TOKENS, { type: 'number', set: (out, x) => { out.cacheReadTokens = x as number; } }],
  [ATTR_GEN_AI_USAGE_CACHE_CREATION_INPUT_TOKENS, { type: 'number', set: (out, x) => { out.cacheWriteTokens = x as number; } }],
  [ATTR_KENSA_GEN_AI_COST_TOTAL_USD, { type: 'number', set: (out, x) => { out.costUsd = x as number; } }],
  [ATTR_GEN_AI_RESPONSE_FINISH_REASONS, { type: 'string', set: (out, x) => { out.finishReasons = x as string | undefined; } }],
  [ATTR_GEN_AI_RESPONSE_TIME_TO_FIRST_CHUNK, { type: 'number', set: (out, x) => { out.timeToFirstChunkS = x as number; } }],
  [ATTR_KENSA_CONTEXT_UTILIZATION, { type: 'number', set: (out, x) => { out.contextUtilization = x as number; } }],
  [ATTR_KENSA_CONTEXT_STATUS, { type: 'string', set: (out, x) => { out.contextStatus = x as string | undefined; } }],
  [ATTR_KENSA_CONTEXT_LARGEST_SECTION, { type: 'string', set: (out, x) => { out.contextLargestSection = x as string | undefined; } }],
  [ATTR_KENSA_CONTEXT_BUDGET_TOKENS, { type: 'number', set: (out, x) => { out.contextBudgetTokens = x as number; } }],
  [ATTR_ERROR_TYPE, { type: 'string', set: (out, x) => { out.errorType = x as string | undefined; } }],
  [ATTR_KENSA_ERROR_PATTERN_ID, { type: 'string', set: (out, x) => { out.patternId = x as string | undefined; } }],
  [ATTR_KENSA_ERROR_PATTERN_NAME, { type: 'string', set: (out, x) => { out.patternName = x as string | undefined; } }],
  [ATTR_KENSA_ERROR_PATTERN_CATEGORY, { type: 'string', set: (out, x) => { out.patternCategory = x as string | undefined; } }],
  [ATTR_KENSA_ERROR_PATTERN_TRANSIENT, { type: 'bool', set: (out, x) => { out.patternTransient = x as boolean | undefined; } }],
  [ATTR_KENSA_ERROR_PATTERN_SEVERITY, { type: 'string', set: (out, x) => { out.patternSeverity = x as string | undefined; } }],
  [ATTR_KENSA_ERROR_PATTERN_CONFIDENCE, { type: 'number', set: (out, x) => { out.patternConfidence = x as number; } }],
  [ATTR_KENSA_ERROR_PATTERN_REMEDIATION, { type: 'string', set: (out, x) => { out.patternRemediation = x as string | undefined; } }],
  [ATTR_KENSA_RETRIEVAL_SCORE_MAX, { type: 'number', set: (out, x) => { out.retrievalScoreMax = x as number; } }],
  [ATTR_KENSA_RETRIEVAL_SCORE_MEAN, { type: 'number', set: (out, x) => { out.retrievalScoreMean = x as number; } }],
  [ATTR_KENSA_RETRIEVAL_LOW_RELEVANCE, { type: 'bool', set: (out, x) => { out.retrievalLowRelevance = x as boolean | undefined; } }],
  [ATTR_SESSION_ID, { type: 'string', set: (out, x) => { out.sessionId = x as string | undefined; } }],
  [ATTR_GEN_AI_CONVERSATION_ID, { type: 'string', set: (out, x) => { out.sessionId ??= x as string | undefined; } }],
  [ATTR_USER_ID, { type: 'string', set: (out, x) => { out.userId = x as string | undefined; } }],
  [ATTR_KENSA_REQUEST_ID, { type: 'string', set: (out, x) => { out.requestId = x as string | undefined; } }],
  [ATTR_KENSA_CONVERSATION_TURN, { type: 'number', set: (out, x) => { out.turn = x as number; } }],
  [ATTR_DB_SYSTEM_NAME, { type: 'string', set: (out, x) => { out.dbSystem = x as string | undefined; } }],
  [ATTR_DB_SYSTEM, { type: 'string', set: (out, x) => { out.dbSystem ??= x as string | undefined; } }],
  [ATTR_RPC_SERVICE, { type: 'string', set: (out, x) => { out.rpcService = x as string | undefined; } }],
  [ATTR_RPC_METHOD, { type: 'string', set: (out, x) => { out.rpcMethod = x as string | undefined; } }],
]);
