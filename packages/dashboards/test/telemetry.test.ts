/**
 * The template against real telemetry: Kensa's Bedrock instrumentation calls the local Bedrock server
 * under a tracer provider running Kensa's span processors, with a real MeterProvider and LoggerProvider.
 * Every metric and dimension set the dashboard and alarms read must be recorded by that code, and every
 * field a saved query reads must exist on the log records once mapped as the awscloudwatchlogs exporter
 * writes them.
 */
import { createRequire } from 'node:module';
import { context, trace } from '@opentelemetry/api';
import { registerInstrumentations } from '@opentelemetry/instrumentation';
import { InMemoryLogRecordExporter, LoggerProvider, SimpleLogRecordProcessor } from '@opentelemetry/sdk-logs';
import { AggregationTemporality, MeterProvider, MetricReader } from '@opentelemetry/sdk-metrics';
import { InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { NodeTracerProvider } from '@opentelemetry/sdk-trace-node';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BedrockInstrumentation } from '@kensa/instrumentation-bedrock';
import { createKensaLogRecordProcessors, createKensaSpanProcessors, withRequestContext } from '@kensa/processors';
import * as sc from '@kensa/semconv';
import type { BedrockServer } from '@kensa/test-servers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildCloudFormationTemplate, toYaml } from '../src/index';
import { flatten, toCloudWatchLogsJson } from './cloudWatchLogsJson';
import { loadTemplate, metricUses, queryFields } from './templateUses';

class DeltaReader extends MetricReader {
  constructor() {
    super({ aggregationTemporalitySelector: () => AggregationTemporality.DELTA });
  }
  protected onForceFlush(): Promise<void> {
    return Promise.resolve();
  }
  protected onShutdown(): Promise<void> {
    return Promise.resolve();
  }
}

const MODEL = 'anthropic.claude-3-sonnet-20240229-v1:0';
const reader = new DeltaReader();
const meterProvider = new MeterProvider({ readers: [reader] });
const spanExporter = new InMemorySpanExporter();
const tracerProvider = new NodeTracerProvider({
  spanProcessors: [...createKensaSpanProcessors({ meterProvider }), new SimpleSpanProcessor(spanExporter)],
});
tracerProvider.register();
const logExporter = new InMemoryLogRecordExporter();
const loggerProvider = new LoggerProvider({
  resource: resourceFromAttributes({ 'service.name': 'manga-assist' }),
  processors: [...createKensaLogRecordProcessors(), new SimpleLogRecordProcessor({ exporter: logExporter })],
});
registerInstrumentations({ instrumentations: [new BedrockInstrumentation()], tracerProvider, meterProvider, loggerProvider });

// Required after the instrumentation hooks `require`, as an app started with --require gets them.
const requireFromHere = createRequire(__filename);
const runtime = requireFromHere('@aws-sdk/client-bedrock-runtime') as typeof import('@aws-sdk/client-bedrock-runtime');
const agent = requireFromHere('@aws-sdk/client-bedrock-agent-runtime') as typeof import('@aws-sdk/client-bedrock-agent-runtime');
const credentials = { accessKeyId: 'AKIDTEST', secretAccessKey: 'secret' };

let server: BedrockServer;
const attributesByMetric = new Map<string, Array<Record<string, unknown>>>();
const template = loadTemplate(toYaml(buildCloudFormationTemplate()));

function converseBody(stopReason: string, cacheRead: number): unknown {
  return {
    output: { message: { role: 'assistant', content: [{ text: 'Frieren volume 1 is in stock.' }] } },
    stopReason,
    usage: { inputTokens: 1200, outputTokens: 80, totalTokens: 1280 + cacheRead, cacheReadInputTokens: cacheRead },
    metrics: { latencyMs: 420 },
  };
}

/** One user message as manga-assist handles it: a root span that took 4 s, model calls inside it. */
async function userMessage(requestId: string, work: () => Promise<unknown>): Promise<void> {
  const tracer = trace.getTracer('manga-assist');
  const root = tracer.startSpan('orchestrator handle message', { startTime: Date.now() - 4000 });
  await withRequestContext({ requestId, sessionId: 'session-1', userId: 'user-1', turn: 1 }, () =>
    context.with(trace.setSpan(context.active(), root), async () => {
      try {
        await work();
      } catch {
        // Failures are part of the scenario (throttling); their telemetry is what is checked.
      }
    }),
  );
  root.end();
}

beforeAll(async () => {
  const { startBedrockServer } = await import('@kensa/test-servers');
  server = await startBedrockServer();
  const client = (maxAttempts = 1) =>
    new runtime.BedrockRuntimeClient({ endpoint: server.url, region: 'us-east-1', credentials, maxAttempts });
  const message = { role: 'user' as const, content: [{ text: 'Recommend a fantasy manga' }] };

  server.enqueue({ kind: 'json', body: converseBody('end_turn', 300) });
  await userMessage('req-ok', () => client().send(new runtime.ConverseCommand({ modelId: MODEL, messages: [message] })));

  await userMessage('req-stream', async () => {
    const out = await client().send(new runtime.ConverseStreamCommand({ modelId: MODEL, messages: [message] }));
    for await (const _ of out.stream ?? []) void _;
  });

  server.enqueue({ kind: 'json', body: converseBody('guardrail_intervened', 0) });
  await userMessage('req-filtered', () => client().send(new runtime.ConverseCommand({ modelId: MODEL, messages: [message] })));

  // Throttled on every attempt: the SDK retries once, then the call fails with ThrottlingException.
  server.script((req) => (req.operation === 'Converse' ? { kind: 'error', errorType: 'ThrottlingException', latencyMs: 0 } : undefined));
  await userMessage('req-throttled', () => client(2).send(new runtime.ConverseCommand({ modelId: MODEL, messages: [message] })));
  server.script(undefined);

  const kb = new agent.BedrockAgentRuntimeClient({ endpoint: server.url, region: 'us-east-1', credentials, maxAttempts: 1 });
  await userMessage('req-retrieve', () => kb.send(new agent.RetrieveCommand({ knowledgeBaseId: 'KB12345678', retrievalQuery: { text: 'fantasy manga' } })));

  await tracerProvider.forceFlush();
  const { resourceMetrics } = await reader.collect();
  for (const scope of resourceMetrics.scopeMetrics) {
    for (const m of scope.metrics) {
      const list = attributesByMetric.get(m.descriptor.name) ?? [];
      for (const dp of m.dataPoints) list.push(dp.attributes as Record<string, unknown>);
      attributesByMetric.set(m.descriptor.name, list);
    }
  }
}, 60_000);

afterAll(async () => {
  await server?.close();
  await tracerProvider.shutdown();
  await meterProvider.shutdown();
  await loggerProvider.shutdown();
});

describe('metrics the template reads', () => {
  it('are recorded by our code with every dimension of each set (and the values the template pins)', () => {
    const uses = metricUses(template);
    for (const use of uses) {
      const points = attributesByMetric.get(use.metric) ?? [];
      expect(points.length, `${use.where}: nothing records ${use.metric}`).toBeGreaterThan(0);
      const match = points.some(
        (attrs) => use.dimensions.every((d) => attrs[d] !== undefined) && Object.entries(use.values).every(([k, v]) => attrs[k] === v),
      );
      expect(match, `${use.where}: no ${use.metric} point has [${use.dimensions.join(', ')}] ${JSON.stringify(use.values)}`).toBe(true);
    }
  });

  it('include the throttling error type the throttling alarm filters on', () => {
    const failed = (attributesByMetric.get(sc.METRIC_GEN_AI_CLIENT_OPERATION_DURATION) ?? []).filter((a) => a[sc.ATTR_ERROR_TYPE] !== undefined);
    expect(failed.map((a) => a[sc.ATTR_ERROR_TYPE])).toContain('ThrottlingException');
  });
});

describe('saved queries', () => {
  const records = () =>
    logExporter
      .getFinishedLogRecords()
      .filter((r) => r.eventName === sc.EVENT_GEN_AI_CLIENT_INFERENCE_OPERATION_DETAILS)
      .map((r) => flatten(toCloudWatchLogsJson(r)));

  it('read only fields our per-call records have, as Logs Insights names them', () => {
    const all = records();
    expect(all.length).toBeGreaterThanOrEqual(5);
    const present = new Set(all.flatMap((r) => [...r.keys()]));
    for (const { query, fields } of queryFields(template)) {
      expect(fields.length, query).toBeGreaterThan(0);
      for (const f of fields) expect(present.has(f), `${query}: no record has the field ${f}`).toBe(true);
    }
  });

  it('find what they filter on in the records of the matching calls', () => {
    const all = records();
    const byRequest = (id: string) => all.filter((r) => r.get(`attributes.${sc.ATTR_KENSA_REQUEST_ID}`) === id);
    const throttled = byRequest('req-throttled')[0]!;
    expect(throttled.get(`attributes.${sc.ATTR_ERROR_TYPE}`)).toBe('ThrottlingException');
    expect(throttled.get(`attributes.${sc.ATTR_KENSA_AWS_ATTEMPTS}`)).toBe(2);
    expect(throttled.get(`attributes.${sc.ATTR_KENSA_GEN_AI_STATUS}`)).toBe('error');
    expect(byRequest('req-filtered')[0]!.get(`attributes.${sc.ATTR_GEN_AI_RESPONSE_FINISH_REASONS}.0`)).toBe('content_filter');
    const ok = byRequest("req-ok")[0]!;
    expect(ok.get(`attributes.${sc.ATTR_GEN_AI_USAGE_INPUT_TOKENS}`)).toBe(1500);
    expect(ok.get(`attributes.${sc.ATTR_KENSA_GEN_AI_COST_TOTAL_USD}`)).toBeGreaterThan(0);
    expect(ok.get('resource.service.name')).toBe('manga-assist');
    expect(ok.get('trace_id')).toMatch(/^[0-9a-f]{32}$/);
    expect(byRequest('req-stream')[0]!.get(`attributes.${sc.ATTR_GEN_AI_RESPONSE_TIME_TO_FIRST_CHUNK}`)).toBeGreaterThan(0);
    expect(byRequest('req-retrieve')[0]!.get(`attributes.${sc.ATTR_KENSA_RETRIEVAL_SCORE_MEAN}`)).toBeGreaterThan(0);
  });

  it('hold no prompt or response text while content capture is off', () => {
    for (const r of records()) {
      for (const [k, v] of r) {
        expect(k.startsWith('body')).toBe(false);
        expect(String(v)).not.toContain('Frieren volume 1');
      }
    }
  });
});
