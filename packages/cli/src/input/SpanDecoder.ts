import {
  ATTR_DB_SYSTEM,
  ATTR_DB_SYSTEM_NAME,
  ATTR_ERROR_TYPE,
  ATTR_EXCEPTION_MESSAGE,
  ATTR_EXCEPTION_TYPE,
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
  EVENT_EXCEPTION,
} from '@kensa/semconv';
import { anyBool, anyNumber, anyString, nanosToMs, type OtlpAnyValue } from './anyValue';
import type { ComponentRule } from '@kensa/processors';
import { classifyByRules } from './classifyByRules';
import type { OtlpKeyValue, OtlpSpan, SpanRecord } from './SpanRecord';

const SPAN_KINDS: Record<string, number> = {
  SPAN_KIND_UNSPECIFIED: 0,
  SPAN_KIND_INTERNAL: 1,
  SPAN_KIND_SERVER: 2,
  SPAN_KIND_CLIENT: 3,
  SPAN_KIND_PRODUCER: 4,
  SPAN_KIND_CONSUMER: 5,
};

const EXCEPTION_EVENT: string = EVENT_EXCEPTION;
const EXCEPTION_TYPE: string = ATTR_EXCEPTION_TYPE;
const EXCEPTION_MESSAGE: string = ATTR_EXCEPTION_MESSAGE;

/** Fills a {@link SpanRecord} from an OTLP/JSON span in one pass over its attributes. */
export function decodeSpan(span: OtlpSpan, out: SpanRecord, rules?: readonly ComponentRule[]): void {
  out.reset();
  out.traceId = typeof span.traceId === 'string' ? span.traceId : '';
  out.spanId = typeof span.spanId === 'string' ? span.spanId : '';
  out.parentSpanId = typeof span.parentSpanId === 'string' ? span.parentSpanId : '';
  out.name = typeof span.name === 'string' ? span.name : '';
  out.kind = typeof span.kind === 'number' ? span.kind : (SPAN_KINDS[String(span.kind)] ?? 0);
  const st = span.startTimeUnixNano;
  const en = span.endTimeUnixNano;
  if (typeof st === 'string' && typeof en === 'string' && st.length > 6 && en.length > 6) {
    // Epoch nanoseconds exceed 2^53; split off the sub-millisecond digits so durations stay exact.
    const sHi = Number(st.slice(0, -6));
    const sLo = Number(st.slice(-6));
    out.startMs = sHi + sLo / 1e6;
    out.durationMs = Number(en.slice(0, -6)) - sHi + (Number(en.slice(-6)) - sLo) / 1e6;
  } else {
    const start = nanosToMs(st);
    out.startMs = start;
    out.durationMs = nanosToMs(en) - start;
  }
  const status = span.status;
  if (status !== undefined && status !== null) {
    out.isError = status.code === 2 || status.code === 'STATUS_CODE_ERROR';
    out.statusMessage = typeof status.message === 'string' ? status.message : '';
  }
  const attrs = span.attributes;
  if (Array.isArray(attrs)) {
    for (let i = 0; i < attrs.length; i++) decodeAttribute(attrs[i] as OtlpKeyValue, out);
  }
  const events = span.events;
  if (Array.isArray(events)) {
    for (const ev of events) {
      if (ev?.name !== EXCEPTION_EVENT || !Array.isArray(ev.attributes)) continue;
      for (const kv of ev.attributes) {
        if (kv?.key === EXCEPTION_TYPE) out.exceptionType ??= anyString(kv.value);
        else if (kv?.key === EXCEPTION_MESSAGE) out.exceptionMessage ??= anyString(kv.value);
      }
    }
  }
  if (out.component === undefined || out.component === '') out.component = classifyByRules(span, rules);
}

type Decoder = (v: OtlpAnyValue | undefined, out: SpanRecord) => void;

/**
 * One decoder per attribute key, looked up in a Map. The keys are read from @kensa/semconv once, at
 * load time: a `switch` over imported constants re-reads each one through the CommonJS export
 * getter on every attribute, which profiled as the largest cost of a report.
 */
const DECODERS = new Map<string, Decoder>([
  [ATTR_KENSA_BUDGET_COMPONENT, (v, out) => { out.component = anyString(v); }],
  [ATTR_KENSA_BUDGET_LIMIT_MS, (v, out) => { out.budgetLimitMs = anyNumber(v); }],
  [ATTR_KENSA_BUDGET_STATUS, (v, out) => { out.budgetStatus = anyString(v); }],
  [ATTR_KENSA_SLA_TARGET_MS, (v, out) => { out.slaTargetMs = anyNumber(v); }],
  [ATTR_KENSA_SLA_MET, (v, out) => { out.slaMet = anyBool(v); }],
  [ATTR_KENSA_BOTTLENECK_COMPONENT, (v, out) => { out.bottleneckComponent = anyString(v); }],
  [ATTR_KENSA_BOTTLENECK_SHARE, (v, out) => { out.bottleneckShare = anyNumber(v); }],
  [ATTR_GEN_AI_OPERATION_NAME, (v, out) => { out.operation = anyString(v); }],
  [ATTR_GEN_AI_PROVIDER_NAME, (v, out) => { out.provider = anyString(v); }],
  [ATTR_GEN_AI_REQUEST_MODEL, (v, out) => { out.model = anyString(v); }],
  [ATTR_GEN_AI_RESPONSE_MODEL, (v, out) => { out.responseModel = anyString(v); }],
  [ATTR_GEN_AI_USAGE_INPUT_TOKENS, (v, out) => { out.inputTokens = anyNumber(v); }],
  [ATTR_GEN_AI_USAGE_OUTPUT_TOKENS, (v, out) => { out.outputTokens = anyNumber(v); }],
  [ATTR_GEN_AI_USAGE_CACHE_READ_INPUT_TOKENS, (v, out) => { out.cacheReadTokens = anyNumber(v); }],
  [ATTR_GEN_AI_USAGE_CACHE_CREATION_INPUT_TOKENS, (v, out) => { out.cacheWriteTokens = anyNumber(v); }],
  [ATTR_KENSA_GEN_AI_COST_TOTAL_USD, (v, out) => { out.costUsd = anyNumber(v); }],
  [ATTR_GEN_AI_RESPONSE_FINISH_REASONS, (v, out) => { out.finishReasons = anyString(v); }],
  [ATTR_GEN_AI_RESPONSE_TIME_TO_FIRST_CHUNK, (v, out) => { out.timeToFirstChunkS = anyNumber(v); }],
  [ATTR_KENSA_CONTEXT_UTILIZATION, (v, out) => { out.contextUtilization = anyNumber(v); }],
  [ATTR_KENSA_CONTEXT_STATUS, (v, out) => { out.contextStatus = anyString(v); }],
  [ATTR_KENSA_CONTEXT_LARGEST_SECTION, (v, out) => { out.contextLargestSection = anyString(v); }],
  [ATTR_KENSA_CONTEXT_BUDGET_TOKENS, (v, out) => { out.contextBudgetTokens = anyNumber(v); }],
  [ATTR_ERROR_TYPE, (v, out) => { out.errorType = anyString(v); }],
  [ATTR_KENSA_ERROR_PATTERN_ID, (v, out) => { out.patternId = anyString(v); }],
  [ATTR_KENSA_ERROR_PATTERN_NAME, (v, out) => { out.patternName = anyString(v); }],
  [ATTR_KENSA_ERROR_PATTERN_CATEGORY, (v, out) => { out.patternCategory = anyString(v); }],
  [ATTR_KENSA_ERROR_PATTERN_TRANSIENT, (v, out) => { out.patternTransient = anyBool(v); }],
  [ATTR_KENSA_ERROR_PATTERN_SEVERITY, (v, out) => { out.patternSeverity = anyString(v); }],
  [ATTR_KENSA_ERROR_PATTERN_CONFIDENCE, (v, out) => { out.patternConfidence = anyNumber(v); }],
  [ATTR_KENSA_ERROR_PATTERN_REMEDIATION, (v, out) => { out.patternRemediation = anyString(v); }],
  [ATTR_KENSA_RETRIEVAL_SCORE_MAX, (v, out) => { out.retrievalScoreMax = anyNumber(v); }],
  [ATTR_KENSA_RETRIEVAL_SCORE_MEAN, (v, out) => { out.retrievalScoreMean = anyNumber(v); }],
  [ATTR_KENSA_RETRIEVAL_LOW_RELEVANCE, (v, out) => { out.retrievalLowRelevance = anyBool(v); }],
  [ATTR_SESSION_ID, (v, out) => { out.sessionId = anyString(v); }],
  [ATTR_GEN_AI_CONVERSATION_ID, (v, out) => { out.sessionId ??= anyString(v); }],
  [ATTR_USER_ID, (v, out) => { out.userId = anyString(v); }],
  [ATTR_KENSA_REQUEST_ID, (v, out) => { out.requestId = anyString(v); }],
  [ATTR_KENSA_CONVERSATION_TURN, (v, out) => { out.turn = anyNumber(v); }],
  [ATTR_DB_SYSTEM_NAME, (v, out) => { out.dbSystem = anyString(v); }],
  [ATTR_DB_SYSTEM, (v, out) => { out.dbSystem ??= anyString(v); }],
  [ATTR_RPC_SERVICE, (v, out) => { out.rpcService = anyString(v); }],
  [ATTR_RPC_METHOD, (v, out) => { out.rpcMethod = anyString(v); }],
]);

/**
 * The same decoders bucketed by key length. Keys arrive as fresh strings from JSON.parse, so a Map
 * lookup hashes every one of them; comparing against the one to three keys of the same length is
 * about twice as fast, and most attributes of a span are ones we read.
 */
const BY_LENGTH: (readonly (readonly [string, Decoder])[] | undefined)[] = [];
for (const [key, decoder] of DECODERS) {
  const bucket = (BY_LENGTH[key.length] ?? []) as (readonly [string, Decoder])[];
  bucket.push([key, decoder]);
  BY_LENGTH[key.length] = bucket;
}

function decodeAttribute(kv: OtlpKeyValue, out: SpanRecord): void {
  if (kv === null || typeof kv !== 'object') return;
  const key = kv.key;
  if (typeof key !== 'string') return;
  const bucket = BY_LENGTH[key.length];
  if (bucket === undefined) return;
  for (let i = 0; i < bucket.length; i++) {
    const entry = bucket[i] as readonly [string, Decoder];
    if (entry[0] === key) {
      entry[1](kv.value, out);
      return;
    }
  }
}
