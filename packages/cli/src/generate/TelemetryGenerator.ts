import {
  ATTR_DB_OPERATION_NAME,
  ATTR_DB_SYSTEM_NAME,
  ATTR_ERROR_TYPE,
  ATTR_EXCEPTION_MESSAGE,
  ATTR_EXCEPTION_TYPE,
  ATTR_GEN_AI_OPERATION_NAME,
  ATTR_GEN_AI_PROVIDER_NAME,
  ATTR_GEN_AI_REQUEST_MODEL,
  ATTR_GEN_AI_RESPONSE_FINISH_REASONS,
  ATTR_GEN_AI_RESPONSE_TIME_TO_FIRST_CHUNK,
  ATTR_GEN_AI_USAGE_CACHE_READ_INPUT_TOKENS,
  ATTR_GEN_AI_USAGE_INPUT_TOKENS,
  ATTR_GEN_AI_USAGE_OUTPUT_TOKENS,
  ATTR_KENSA_BOTTLENECK_COMPONENT,
  ATTR_KENSA_BOTTLENECK_SHARE,
  ATTR_KENSA_BUDGET_COMPONENT,
  ATTR_KENSA_BUDGET_LIMIT_MS,
  ATTR_KENSA_BUDGET_STATUS,
  ATTR_KENSA_BUDGET_UTILIZATION,
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
  ATTR_KENSA_GEN_AI_COST_INPUT_USD,
  ATTR_KENSA_GEN_AI_COST_OUTPUT_USD,
  ATTR_KENSA_GEN_AI_COST_TOTAL_USD,
  ATTR_KENSA_REQUEST_ID,
  ATTR_KENSA_RETRIEVAL_K,
  ATTR_KENSA_RETRIEVAL_LOW_RELEVANCE,
  ATTR_KENSA_RETRIEVAL_RESULTS,
  ATTR_KENSA_RETRIEVAL_SCORE_MAX,
  ATTR_KENSA_RETRIEVAL_SCORE_MEAN,
  ATTR_KENSA_RETRIEVAL_SCORE_MIN,
  ATTR_KENSA_SLA_MET,
  ATTR_KENSA_SLA_TARGET_MS,
  ATTR_RPC_METHOD,
  ATTR_RPC_SERVICE,
  ATTR_SESSION_ID,
  ATTR_USER_ID,
  EVENT_EXCEPTION,
  GEN_AI_OPERATION_NAME_VALUE_CHAT,
  GEN_AI_PROVIDER_NAME_VALUE_AWS_BEDROCK,
  attrKensaSlaComponentMs,
} from '@kensa/semconv';
import { DEFAULT_BUDGETS, DEFAULT_SLA_MS } from '@kensa/processors';
import { CONTEXT_OVERFLOW, THROTTLING, type InjectedFault } from './faultPatterns';
import { hexId, mulberry32 } from './prng';

/** Faults to inject; each rate is the share of requests affected (0..1). */
export interface GeneratorFaults {
  /** Bedrock ThrottlingException (EP-001). With `throttlingRamp`, the rate grows linearly from 0 over the run. */
  throttlingRate?: number;
  throttlingRamp?: boolean;
  /** Vector searches that take `slowVectorSearchExtraMs` (default 700) longer. */
  slowVectorSearchRate?: number;
  slowVectorSearchExtraMs?: number;
  /** Searches whose best relevance score is below 0.3. */
  lowRelevanceRate?: number;
  /** Prompts above 95% of the practical budget; those above 100% fail with ValidationException (EP-003). */
  contextOverflowRate?: number;
  /** A component whose latency grows linearly to `factor`× by the end of the run. */
  creep?: { component: string; factor: number };
}

export interface GeneratorOptions {
  requests: number;
  /** Start of the first request (default 2026-11-21T00:00:00Z). */
  startMs?: number;
  /** Time between request starts (default 250 ms, i.e. 4 requests/s). */
  intervalMs?: number;
  seed?: number;
  /** Requests per exported line (default 8, i.e. 64 spans, like a small BatchSpanProcessor batch). */
  requestsPerLine?: number;
  sessions?: number;
  /** Stamp the attributes the Kensa processors would add (budgets, SLA, bottleneck, patterns). Default true. */
  kensaAttributes?: boolean;
  /** Write int64 as JSON numbers instead of strings (both occur in the wild). Default false. */
  int64AsNumber?: boolean;
  faults?: GeneratorFaults;
}

interface Attr {
  key: string;
  value: Record<string, unknown>;
}

const MODELS = [
  { id: 'anthropic.claude-3-sonnet-20240229-v1:0', inPerM: 3, outPerM: 15, share: 0.7 },
  { id: 'anthropic.claude-3-haiku-20240307-v1:0', inPerM: 0.25, outPerM: 1.25, share: 0.3 },
] as const;
const PROMPT_BUDGET_TOKENS = 5000;

/**
 * Realistic manga-assist telemetry as OTLP/JSON lines: one request is 8 spans (API Gateway →
 * orchestrator → Redis, DynamoDB, OpenSearch, Bedrock, parsing, WebSocket delivery) with the
 * attributes the Kensa instrumentations and processors write, and optional injected faults.
 * Deterministic for a given seed. Shared by the tests and the benchmark.
 */
export class TelemetryGenerator {
  private readonly rand: () => number;
  private readonly o: Required<Omit<GeneratorOptions, 'faults'>> & { faults: GeneratorFaults };

  constructor(options: GeneratorOptions) {
    this.o = {
      requests: options.requests,
      startMs: options.startMs ?? Date.UTC(2026, 10, 21),
      intervalMs: options.intervalMs ?? 250,
      seed: options.seed ?? 1,
      requestsPerLine: Math.max(1, options.requestsPerLine ?? 8),
      sessions: Math.max(1, options.sessions ?? 50),
      kensaAttributes: options.kensaAttributes ?? true,
      int64AsNumber: options.int64AsNumber ?? false,
      faults: options.faults ?? {},
    };
    this.rand = mulberry32(this.o.seed);
  }

  /** The telemetry, one `ExportTraceServiceRequest` JSON per line (no trailing newline). */
  *lines(): Generator<string> {
    let batch: unknown[] = [];
    for (let i = 0; i < this.o.requests; i++) {
      for (const s of this.request(i)) batch.push(s);
      if ((i + 1) % this.o.requestsPerLine === 0 || i === this.o.requests - 1) {
        yield JSON.stringify({
          resourceSpans: [{ resource: { attributes: [] }, scopeSpans: [{ scope: { name: '@kensa/cli/generate', version: '0.1.0' }, spans: batch }] }],
        });
        batch = [];
      }
    }
  }

  private int(n: number): Record<string, unknown> {
    return { intValue: this.o.int64AsNumber ? Math.round(n) : String(Math.round(n)) };
  }

  private nanos(ms: number): string | number {
    const us = Math.round(ms * 1000);
    return this.o.int64AsNumber ? us * 1000 : `${us}000`;
  }

  private uniform(lo: number, hi: number): number {
    return lo + (hi - lo) * this.rand();
  }

  private request(i: number): unknown[] {
    const r = this.rand;
    const f = this.o.faults;
    const progress = this.o.requests > 1 ? i / (this.o.requests - 1) : 0;
    const creep = (component: string): number => (f.creep?.component === component ? 1 + (f.creep.factor - 1) * progress : 1);
    const traceId = hexId(r, 16);
    const session = Math.floor(r() * this.o.sessions);
    const sessionId = `sess-${session.toString().padStart(4, '0')}`;
    const userId = `user-${(session % 37).toString().padStart(3, '0')}`;
    const requestId = `req-${i}`;
    const turn = 1 + (i % 12);
    const model = r() < (MODELS[0].share as number) ? MODELS[0] : MODELS[1];

    const throttled = f.throttlingRate !== undefined && r() < f.throttlingRate * (f.throttlingRamp === true ? progress : 1);
    const slowSearch = f.slowVectorSearchRate !== undefined && r() < f.slowVectorSearchRate;
    const lowRelevance = f.lowRelevanceRate !== undefined && r() < f.lowRelevanceRate;
    const overflow = f.contextOverflowRate !== undefined && r() < f.contextOverflowRate;
    const utilization = overflow ? this.uniform(0.96, 1.2) : this.uniform(0.3, 0.9);
    // Bedrock rejects an oversized prompt up front, so that failure is as fast as a throttle.
    const rejected = throttled || utilization > 1;

    const t: Record<string, number> = {
      redis_cache: this.uniform(2, 5) * creep('redis_cache'),
      dynamodb_session: this.uniform(10, 25) * creep('dynamodb_session'),
      opensearch_vector: (this.uniform(100, 200) + (slowSearch ? (f.slowVectorSearchExtraMs ?? 700) : 0)) * creep('opensearch_vector'),
      bedrock_invoke: (rejected ? this.uniform(40, 80) : this.uniform(800, 1800) + (r() < 0.04 ? this.uniform(500, 1500) : 0)) * creep('bedrock_invoke'),
      response_parsing: this.uniform(5, 15) * creep('response_parsing'),
      websocket_delivery: this.uniform(5, 10) * creep('websocket_delivery'),
    };
    const orchestratorSelf = this.uniform(20, 50) * creep('orchestrator');
    const gatewaySelf = this.uniform(15, 30) * creep('api_gateway');
    const gap = orchestratorSelf / 7;
    const t0 = this.o.startMs + i * this.o.intervalMs + r() * this.o.intervalMs * 0.5;
    const rootId = hexId(r, 8);
    const orchId = hexId(r, 8);
    const gwPre = gatewaySelf / 2;
    const orchStart = t0 + gwPre;
    let cursor = orchStart + gap;
    const children: { component: string; start: number; dur: number }[] = [];
    for (const c of ['redis_cache', 'dynamodb_session', 'opensearch_vector', 'bedrock_invoke', 'response_parsing', 'websocket_delivery']) {
      const dur = t[c] as number;
      children.push({ component: c, start: cursor, dur });
      cursor += dur + gap;
    }
    const orchDur = cursor - orchStart;
    const total = gwPre + orchDur + gatewaySelf / 2;
    const exclusive: Record<string, number> = { ...t, orchestrator: orchDur - sumChildren(children), api_gateway: total - orchDur };

    const common: Attr[] = [
      { key: ATTR_SESSION_ID, value: { stringValue: sessionId } },
      { key: ATTR_USER_ID, value: { stringValue: userId } },
      { key: ATTR_KENSA_REQUEST_ID, value: { stringValue: requestId } },
      { key: ATTR_KENSA_CONVERSATION_TURN, value: this.int(turn) },
    ];
    const budget = (component: string): Attr[] => {
      if (!this.o.kensaAttributes) return [];
      const b = DEFAULT_BUDGETS[component];
      if (b === undefined) return [];
      const ms = exclusive[component] as number;
      const status = ms >= b.criticalMs ? 'critical' : ms >= b.alarmMs ? 'exceeded' : ms > b.warningMs ? 'warning' : 'within_budget';
      return [
        { key: ATTR_KENSA_BUDGET_COMPONENT, value: { stringValue: component } },
        { key: ATTR_KENSA_BUDGET_LIMIT_MS, value: this.int(b.budgetMs) },
        { key: ATTR_KENSA_BUDGET_UTILIZATION, value: { doubleValue: ms / b.budgetMs } },
        { key: ATTR_KENSA_BUDGET_STATUS, value: { stringValue: status } },
      ];
    };

    const spans: unknown[] = [];
    for (const c of children) {
      const attrs: Attr[] = [...common, ...budget(c.component)];
      let name = '';
      let kind = 3;
      let error: InjectedFault | undefined;
      switch (c.component) {
        case 'redis_cache':
          name = 'GET';
          attrs.push({ key: ATTR_DB_SYSTEM_NAME, value: { stringValue: 'redis' } }, { key: ATTR_DB_OPERATION_NAME, value: { stringValue: 'GET' } });
          break;
        case 'dynamodb_session':
          name = 'DynamoDB.GetItem';
          attrs.push(
            { key: ATTR_RPC_SERVICE, value: { stringValue: 'DynamoDB' } },
            { key: ATTR_RPC_METHOD, value: { stringValue: 'GetItem' } },
            { key: ATTR_DB_SYSTEM_NAME, value: { stringValue: 'aws.dynamodb' } },
          );
          break;
        case 'opensearch_vector': {
          name = 'search manga-embeddings';
          const max = lowRelevance ? this.uniform(0.12, 0.28) : this.uniform(0.55, 0.92);
          attrs.push(
            { key: ATTR_DB_SYSTEM_NAME, value: { stringValue: 'opensearch' } },
            { key: ATTR_DB_OPERATION_NAME, value: { stringValue: 'search' } },
            { key: ATTR_KENSA_RETRIEVAL_K, value: this.int(5) },
            { key: ATTR_KENSA_RETRIEVAL_RESULTS, value: this.int(5) },
            { key: ATTR_KENSA_RETRIEVAL_SCORE_MIN, value: { doubleValue: max * 0.6 } },
            { key: ATTR_KENSA_RETRIEVAL_SCORE_MEAN, value: { doubleValue: max * 0.8 } },
            { key: ATTR_KENSA_RETRIEVAL_SCORE_MAX, value: { doubleValue: max } },
            { key: ATTR_KENSA_RETRIEVAL_LOW_RELEVANCE, value: { boolValue: max < 0.3 } },
          );
          break;
        }
        case 'bedrock_invoke': {
          name = `${GEN_AI_OPERATION_NAME_VALUE_CHAT} ${model.id}`;
          attrs.push(
            { key: ATTR_GEN_AI_OPERATION_NAME, value: { stringValue: GEN_AI_OPERATION_NAME_VALUE_CHAT } },
            { key: ATTR_GEN_AI_PROVIDER_NAME, value: { stringValue: GEN_AI_PROVIDER_NAME_VALUE_AWS_BEDROCK } },
            { key: ATTR_GEN_AI_REQUEST_MODEL, value: { stringValue: model.id } },
          );
          const promptTokens = Math.round(utilization * PROMPT_BUDGET_TOKENS);
          const contextStatus = utilization > 0.95 ? 'critical' : utilization > 0.8 ? 'warning' : 'normal';
          attrs.push(
            { key: ATTR_KENSA_CONTEXT_UTILIZATION, value: { doubleValue: promptTokens / PROMPT_BUDGET_TOKENS } },
            { key: ATTR_KENSA_CONTEXT_STATUS, value: { stringValue: contextStatus } },
            { key: ATTR_KENSA_CONTEXT_LARGEST_SECTION, value: { stringValue: overflow ? 'history' : 'retrieved' } },
            { key: ATTR_KENSA_CONTEXT_BUDGET_TOKENS, value: this.int(PROMPT_BUDGET_TOKENS) },
          );
          if (throttled) error = THROTTLING;
          else if (utilization > 1) error = CONTEXT_OVERFLOW;
          if (error === undefined) {
            const output = Math.round(this.uniform(80, 600));
            const cacheRead = r() < 0.2 ? Math.round(promptTokens * 0.4) : 0;
            const inUsd = (promptTokens * model.inPerM) / 1e6;
            const outUsd = (output * model.outPerM) / 1e6;
            attrs.push(
              { key: ATTR_GEN_AI_USAGE_INPUT_TOKENS, value: this.int(promptTokens) },
              { key: ATTR_GEN_AI_USAGE_OUTPUT_TOKENS, value: this.int(output) },
              { key: ATTR_GEN_AI_USAGE_CACHE_READ_INPUT_TOKENS, value: this.int(cacheRead) },
              { key: ATTR_GEN_AI_RESPONSE_FINISH_REASONS, value: { arrayValue: { values: [{ stringValue: 'stop' }] } } },
              { key: ATTR_GEN_AI_RESPONSE_TIME_TO_FIRST_CHUNK, value: { doubleValue: (c.dur * 0.3) / 1000 } },
              { key: ATTR_KENSA_GEN_AI_COST_INPUT_USD, value: { doubleValue: inUsd } },
              { key: ATTR_KENSA_GEN_AI_COST_OUTPUT_USD, value: { doubleValue: outUsd } },
              { key: ATTR_KENSA_GEN_AI_COST_TOTAL_USD, value: { doubleValue: inUsd + outUsd } },
            );
          }
          break;
        }
        case 'response_parsing':
          name = 'response_parsing parse';
          kind = 1;
          break;
        case 'websocket_delivery':
          name = 'ApiGatewayManagementApi.PostToConnection';
          attrs.push({ key: ATTR_RPC_SERVICE, value: { stringValue: 'ApiGatewayManagementApi' } }, { key: ATTR_RPC_METHOD, value: { stringValue: 'PostToConnection' } });
          break;
      }
      spans.push(this.span(traceId, hexId(r, 8), orchId, name, kind, c.start, c.dur, attrs, error));
    }
    spans.push(this.span(traceId, orchId, rootId, 'orchestrator handle_message', 1, orchStart, orchDur, [...common, ...budget('orchestrator')], undefined));

    const rootAttrs: Attr[] = [...common, ...budget('api_gateway')];
    if (this.o.kensaAttributes) {
      let bottleneck = 'api_gateway';
      for (const [k, v] of Object.entries(exclusive)) if (v > (exclusive[bottleneck] as number)) bottleneck = k;
      rootAttrs.push(
        { key: ATTR_KENSA_SLA_TARGET_MS, value: this.int(DEFAULT_SLA_MS) },
        { key: ATTR_KENSA_SLA_MET, value: { boolValue: total <= DEFAULT_SLA_MS } },
        { key: ATTR_KENSA_BOTTLENECK_COMPONENT, value: { stringValue: bottleneck } },
        { key: ATTR_KENSA_BOTTLENECK_SHARE, value: { doubleValue: (exclusive[bottleneck] as number) / total } },
      );
      for (const [k, v] of Object.entries(exclusive)) rootAttrs.push({ key: attrKensaSlaComponentMs(k), value: { doubleValue: v } });
    }
    spans.push(this.span(traceId, rootId, '', 'API Gateway WebSocket $default', 2, t0, total, rootAttrs, undefined));
    return spans;
  }

  private span(traceId: string, spanId: string, parentSpanId: string, name: string, kind: number, startMs: number, durMs: number, attributes: Attr[], error: InjectedFault | undefined): unknown {
    const end = startMs + durMs;
    const span: Record<string, unknown> = {
      traceId, spanId, parentSpanId, name, kind,
      startTimeUnixNano: this.nanos(startMs),
      endTimeUnixNano: this.nanos(end),
      attributes,
      droppedAttributesCount: 0,
      events: [],
      status: { code: 0 },
    };
    if (error !== undefined) {
      attributes.push({ key: ATTR_ERROR_TYPE, value: { stringValue: error.errorType } });
      if (this.o.kensaAttributes) {
        attributes.push(
          { key: ATTR_KENSA_ERROR_PATTERN_ID, value: { stringValue: error.pattern.id } },
          { key: ATTR_KENSA_ERROR_PATTERN_NAME, value: { stringValue: error.pattern.name } },
          { key: ATTR_KENSA_ERROR_PATTERN_CATEGORY, value: { stringValue: error.pattern.category } },
          { key: ATTR_KENSA_ERROR_PATTERN_TRANSIENT, value: { boolValue: error.pattern.transient } },
          { key: ATTR_KENSA_ERROR_PATTERN_SEVERITY, value: { stringValue: error.pattern.severity } },
          { key: ATTR_KENSA_ERROR_PATTERN_CONFIDENCE, value: { doubleValue: 0.95 } },
          { key: ATTR_KENSA_ERROR_PATTERN_REMEDIATION, value: { stringValue: error.pattern.remediation } },
        );
      }
      span.status = { code: 2, message: `${error.errorType}: ${error.message}` };
      span.events = [
        {
          name: EVENT_EXCEPTION,
          timeUnixNano: this.nanos(end),
          attributes: [
            { key: ATTR_EXCEPTION_TYPE, value: { stringValue: error.errorType } },
            { key: ATTR_EXCEPTION_MESSAGE, value: { stringValue: error.message } },
          ],
        },
      ];
    }
    return span;
  }
}

function sumChildren(children: { dur: number }[]): number {
  let s = 0;
  for (const c of children) s += c.dur;
  return s;
}
