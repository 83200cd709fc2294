import { context, SpanKind, SpanStatusCode, trace, type Attributes } from '@opentelemetry/api';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-grpc';
import { AWSXRayIdGenerator } from '@opentelemetry/id-generator-aws-xray';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BasicTracerProvider, BatchSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { SettlingExporter } from './SettlingExporter.js';
import {
  ATTR_ERROR_TYPE,
  ATTR_GEN_AI_OPERATION_NAME,
  ATTR_GEN_AI_PROVIDER_NAME,
  ATTR_GEN_AI_REQUEST_MODEL,
  ATTR_GEN_AI_USAGE_INPUT_TOKENS,
  ATTR_GEN_AI_USAGE_OUTPUT_TOKENS,
  ATTR_KENSA_BOTTLENECK_COMPONENT,
  ATTR_KENSA_BUDGET_COMPONENT,
  ATTR_KENSA_BUDGET_STATUS,
  ATTR_KENSA_ERROR_PATTERN_ID,
  ATTR_KENSA_GEN_AI_COST_TOTAL_USD,
  ATTR_KENSA_REQUEST_ID,
  ATTR_KENSA_SLA_MET,
  ATTR_SESSION_ID,
  GEN_AI_OPERATION_NAME_VALUE_CHAT,
  GEN_AI_PROVIDER_NAME_VALUE_AWS_BEDROCK,
} from '@kensa/semconv';

/** What kind of user message a generated trace stands for. */
export type TraceKind = 'normal' | 'slow' | 'error';

export interface SentTrace {
  /** OTel trace id (32 hex); X-Ray's form is `1-<first 8>-<last 24>`. */
  traceId: string;
  kind: TraceKind;
  spanIds: string[];
  /** span id → parent span id ('' for the root). */
  parents: Record<string, string>;
  durationMs: number;
}

export const MODEL_ID = 'anthropic.claude-3-haiku-20240307-v1:0';

/** The components one user message fans out to, in order, with a typical duration (ms) for each. */
const COMPONENTS: ReadonlyArray<readonly [component: string, name: string, ms: number]> = [
  ['redis_cache', 'GET', 4],
  ['dynamodb_session', 'DynamoDB.GetItem', 18],
  ['opensearch_vector', 'search manga-index', 150],
  ['bedrock_invoke', `chat ${MODEL_ID}`, 1200],
  ['response_parsing', 'parse response', 8],
  ['websocket_delivery', 'PostToConnection', 7],
];

export interface TrafficOptions {
  /** `host:port` of an OTLP/gRPC receiver. */
  otlpGrpcEndpoint: string;
  serviceName?: string;
}

/**
 * Sends traces shaped like the manga assistant's: a root SERVER span for one user message with the
 * latency-budget verdict, and one child per component, the Bedrock call carrying the gen_ai.* keys. Trace
 * ids come from the X-Ray id generator, as in production. Span times are set explicitly, so a "slow"
 * (> 3 s) trace costs no waiting.
 */
export class GenAiTraffic {
  private readonly provider: BasicTracerProvider;
  private readonly exporter: SettlingExporter;
  private readonly tracer;
  private sequence = 0;

  constructor(options: TrafficOptions) {
    this.exporter = new SettlingExporter(new OTLPTraceExporter({ url: `http://${options.otlpGrpcEndpoint}`, timeoutMillis: 20_000 }));
    this.provider = new BasicTracerProvider({
      idGenerator: new AWSXRayIdGenerator(),
      resource: resourceFromAttributes({ 'service.name': options.serviceName ?? 'manga-assist' }),
      spanProcessors: [
        new BatchSpanProcessor(this.exporter, {
          // Hold a whole test's load: the default 2,048 would drop spans before the collector saw them.
          maxQueueSize: 100_000,
          maxExportBatchSize: 512,
          scheduledDelayMillis: 200,
          exportTimeoutMillis: 30_000,
        }),
      ],
    });
    this.tracer = this.provider.getTracer('kensa-e2e');
  }

  /** Records one user-message trace; call {@link flush} to send what was recorded. */
  send(kind: TraceKind): SentTrace {
    const n = ++this.sequence;
    const durationMs = kind === 'slow' ? 3_500 + (n % 7) * 100 : 1_500 + (n % 5) * 50;
    const end = Date.now();
    const start = end - durationMs;
    const bottleneck = 'bedrock_invoke';
    const root = this.tracer.startSpan(
      'chat turn',
      {
        kind: SpanKind.SERVER,
        startTime: new Date(start),
        attributes: {
          [ATTR_SESSION_ID]: `session-${n % 17}`,
          [ATTR_KENSA_REQUEST_ID]: `request-${n}`,
          [ATTR_KENSA_SLA_MET]: kind !== 'slow',
          [ATTR_KENSA_BOTTLENECK_COMPONENT]: bottleneck,
        },
      },
      context.active(),
    );
    const rootContext = trace.setSpan(context.active(), root);
    const spanIds = [root.spanContext().spanId];
    const parents: Record<string, string> = { [root.spanContext().spanId]: '' };
    // Children share the root's window; Bedrock absorbs whatever the others leave.
    let offset = 5;
    for (const [component, name, ms] of COMPONENTS) {
      const isBedrock = component === 'bedrock_invoke';
      const spanMs = isBedrock ? Math.max(ms, durationMs - 250) : ms;
      const attributes: Attributes = {
        [ATTR_KENSA_BUDGET_COMPONENT]: component,
        [ATTR_KENSA_BUDGET_STATUS]: kind === 'slow' && isBedrock ? 'critical' : 'within_budget',
      };
      if (isBedrock) {
        Object.assign(attributes, {
          [ATTR_GEN_AI_OPERATION_NAME]: GEN_AI_OPERATION_NAME_VALUE_CHAT,
          [ATTR_GEN_AI_PROVIDER_NAME]: GEN_AI_PROVIDER_NAME_VALUE_AWS_BEDROCK,
          [ATTR_GEN_AI_REQUEST_MODEL]: MODEL_ID,
          [ATTR_GEN_AI_USAGE_INPUT_TOKENS]: 1_200,
          [ATTR_GEN_AI_USAGE_OUTPUT_TOKENS]: 300,
          [ATTR_KENSA_GEN_AI_COST_TOTAL_USD]: 0.000675,
        });
      }
      const child = this.tracer.startSpan(
        name,
        { kind: SpanKind.CLIENT, startTime: new Date(start + offset), attributes },
        rootContext,
      );
      if (kind === 'error' && isBedrock) {
        child.setAttributes({ [ATTR_ERROR_TYPE]: 'ThrottlingException', [ATTR_KENSA_ERROR_PATTERN_ID]: 'EP-001' });
        child.setStatus({ code: SpanStatusCode.ERROR, message: 'Rate exceeded' });
      }
      child.end(new Date(start + offset + spanMs));
      spanIds.push(child.spanContext().spanId);
      parents[child.spanContext().spanId] = root.spanContext().spanId;
      offset += isBedrock ? spanMs : ms;
    }
    if (kind === 'error') root.setStatus({ code: SpanStatusCode.ERROR });
    root.end(new Date(end));
    return { traceId: root.spanContext().traceId, kind, spanIds, parents, durationMs };
  }

  /** Exports everything recorded so far; rejects when the collector did not accept all of it. */
  async flush(): Promise<void> {
    await this.provider.forceFlush();
    await this.exporter.settle();
  }

  async shutdown(): Promise<void> {
    await this.provider.shutdown();
  }
}

/** `1-5f8d3c2a-…`: the trace id as X-Ray shows it. */
export function xrayTraceId(otelTraceId: string): string {
  return `1-${otelTraceId.slice(0, 8)}-${otelTraceId.slice(8)}`;
}
