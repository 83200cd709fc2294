import { resolve } from 'node:path';
import { CloudWatchLogsClient, FilterLogEventsCommand } from '@aws-sdk/client-cloudwatch-logs';
import { BatchGetTracesCommand, XRayClient } from '@aws-sdk/client-xray';
import { OTLPLogExporter } from '@opentelemetry/exporter-logs-otlp-grpc';
import { OTLPMetricExporter } from '@opentelemetry/exporter-metrics-otlp-grpc';
import { BatchLogRecordProcessor, LoggerProvider } from '@opentelemetry/sdk-logs';
import { AggregationTemporality, MeterProvider, PeriodicExportingMetricReader } from '@opentelemetry/sdk-metrics';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ATTR_ERROR_TYPE,
  ATTR_GEN_AI_OPERATION_NAME,
  ATTR_GEN_AI_REQUEST_MODEL,
  ATTR_GEN_AI_TOKEN_TYPE,
  ATTR_KENSA_BOTTLENECK_COMPONENT,
  ATTR_KENSA_BUDGET_COMPONENT,
  ATTR_KENSA_BUDGET_STATUS,
  ATTR_KENSA_ERROR_PATTERN_ID,
  ATTR_KENSA_SLA_MET,
  ATTR_SESSION_ID,
  EVENT_GEN_AI_CLIENT_INFERENCE_OPERATION_DETAILS,
  GEN_AI_OPERATION_NAME_VALUE_CHAT,
  METRIC_GEN_AI_CLIENT_TOKEN_USAGE,
  METRIC_KENSA_GEN_AI_CLIENT_COST,
  METRIC_KENSA_SLA_VIOLATIONS,
} from '@kensa/semconv';
import { requireComponents, skipUnlessComponents, startCollector, type Collector } from '../../harness/collector.js';
import { loadCollectorConfig, replaceExporter, toYaml } from '../../harness/collectorConfig.js';
import { startFileSink, type FileSink } from '../../harness/fileSink.js';
import { GenAiTraffic, MODEL_ID, xrayTraceId, type SentTrace } from '../../harness/genAiTraffic.js';
import { startMoto, type Moto } from '../../harness/moto.js';

// OTLP → the test collector running collector/sidecar.yaml unchanged → moto's X-Ray and CloudWatch Logs,
// read back with the AWS SDK as a user's tooling would.

const sidecarYaml = resolve(__dirname, '../../../collector/sidecar.yaml');
const METRICS_LOG_GROUP = '/kensa/e2e/metrics';
const GENAI_LOG_GROUP = '/kensa/e2e/genai';
const NAMESPACE = 'Kensa/E2E';

/** X-Ray turns attribute keys into annotation keys by replacing what it does not allow with `_`. */
const annotationKey = (attribute: string): string => attribute.replace(/[^A-Za-z0-9_]/g, '_');

async function eventually<T>(probe: () => Promise<T | undefined>, what: string, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  for (;;) {
    try {
      const value = await probe();
      if (value !== undefined) return value;
    } catch (error) {
      lastError = error;
    }
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}${lastError ? `: ${String(lastError)}` : ''}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

describe('sidecar.yaml: OTLP → collector → X-Ray, EMF and CloudWatch Logs (moto)', () => {
  let moto: Moto;
  let collector: Collector;
  // Set when the collector cannot run this config; every test then fails with it (a failed beforeAll alone
  // would report these tests as skipped).
  let unavailable: Error | undefined;
  const awsComponents = ['otlp', 'memory_limiter', 'batch', 'filter', 'health_check', 'awsxray', 'awsemf', 'awscloudwatchlogs'];
  const ready = async (ctx: { skip(note?: string): void }) => {
    await skipUnlessComponents(ctx, awsComponents);
    if (unavailable) throw unavailable;
  };

  beforeAll(async () => {
    try {
      await requireComponents(awsComponents);
    } catch (error) {
      unavailable = error as Error;
      return;
    }
    moto = await startMoto();
    collector = await startCollector({
      name: 'sidecar',
      config: [sidecarYaml],
      env: {
        ...moto.env,
        KENSA_XRAY_ENDPOINT: moto.endpoint,
        KENSA_LOGS_ENDPOINT: moto.endpoint,
        KENSA_METRICS_NAMESPACE: NAMESPACE,
        KENSA_METRICS_LOG_GROUP: METRICS_LOG_GROUP,
        KENSA_GENAI_LOG_GROUP: GENAI_LOG_GROUP,
        KENSA_BATCH_TIMEOUT: '200ms',
      },
    });
  }, 30 * 60_000);

  afterAll(async () => {
    await collector?.stop();
    await moto?.stop();
  });

  it('writes each span as a segment document with the parent links, X-Ray trace ids and indexed annotations', async (ctx) => {
    await ready(ctx);
    const traffic = new GenAiTraffic({ otlpGrpcEndpoint: collector.otlpGrpcEndpoint });
    const sent: SentTrace[] = [traffic.send('normal'), traffic.send('slow'), traffic.send('error')];
    await traffic.flush();
    await traffic.shutdown();

    const xray = new XRayClient(moto.clientConfig);
    for (const trace of sent) {
      const id = xrayTraceId(trace.traceId);
      expect(id).toMatch(/^1-[0-9a-f]{8}-[0-9a-f]{24}$/);
      const segments = await eventually(async () => {
        const out = await xray.send(new BatchGetTracesCommand({ TraceIds: [id] }));
        const docs = (out.Traces?.[0]?.Segments ?? []).map((s) => JSON.parse(s.Document ?? '{}') as Record<string, any>);
        return docs.length >= trace.spanIds.length ? docs : undefined;
      }, `X-Ray segments of ${id}`);

      expect(segments.map((s) => s.id).sort()).toEqual([...trace.spanIds].sort());
      for (const segment of segments) {
        expect(segment.trace_id).toBe(id);
        expect(segment.parent_id ?? '').toBe(trace.parents[segment.id as string]);
      }
      const root = segments.find((s) => s.parent_id === undefined)!;
      expect(root.annotations[annotationKey(ATTR_KENSA_SLA_MET)]).toBe(trace.kind !== 'slow');
      expect(root.annotations[annotationKey(ATTR_SESSION_ID)]).toMatch(/^session-/);
      expect(root.annotations[annotationKey(ATTR_KENSA_BOTTLENECK_COMPONENT)]).toBe('bedrock_invoke');
      const bedrock = segments.find((s) => s.annotations?.[annotationKey(ATTR_GEN_AI_REQUEST_MODEL)] !== undefined)!;
      expect(bedrock.annotations[annotationKey(ATTR_GEN_AI_REQUEST_MODEL)]).toBe(MODEL_ID);
      expect(bedrock.annotations[annotationKey(ATTR_GEN_AI_OPERATION_NAME)]).toBe(GEN_AI_OPERATION_NAME_VALUE_CHAT);
      expect(bedrock.annotations[annotationKey(ATTR_KENSA_BUDGET_STATUS)]).toBe(trace.kind === 'slow' ? 'critical' : 'within_budget');
      // Not indexed: stays in metadata, so it costs no annotation slot.
      expect(bedrock.annotations[annotationKey(ATTR_KENSA_BUDGET_COMPONENT)]).toBeUndefined();
      if (trace.kind === 'error') {
        expect(bedrock.annotations[annotationKey(ATTR_KENSA_ERROR_PATTERN_ID)]).toBe('EP-001');
        expect(bedrock.fault === true || bedrock.error === true).toBe(true);
      }
    }
  });

  it('publishes metrics as EMF events declaring the configured namespace, dimension sets and values', async (ctx) => {
    await ready(ctx);
    const exporter = new OTLPMetricExporter({
      url: `http://${collector.otlpGrpcEndpoint}`,
      temporalityPreference: AggregationTemporality.DELTA,
    });
    const reader = new PeriodicExportingMetricReader({ exporter, exportIntervalMillis: 60_000 });
    const provider = new MeterProvider({ readers: [reader] });
    const meter = provider.getMeter('kensa-e2e');
    const tokens = meter.createHistogram(METRIC_GEN_AI_CLIENT_TOKEN_USAGE, { unit: '{token}' });
    const cost = meter.createCounter(METRIC_KENSA_GEN_AI_CLIENT_COST, { unit: 'USD' });
    const violations = meter.createCounter(METRIC_KENSA_SLA_VIOLATIONS);
    const call = { [ATTR_GEN_AI_REQUEST_MODEL]: MODEL_ID, [ATTR_GEN_AI_OPERATION_NAME]: GEN_AI_OPERATION_NAME_VALUE_CHAT };
    tokens.record(1200, { ...call, [ATTR_GEN_AI_TOKEN_TYPE]: 'input' });
    tokens.record(800, { ...call, [ATTR_GEN_AI_TOKEN_TYPE]: 'input' });
    tokens.record(300, { ...call, [ATTR_GEN_AI_TOKEN_TYPE]: 'output' });
    cost.add(0.0006, call);
    cost.add(0.0004, call);
    violations.add(2, { [ATTR_KENSA_BOTTLENECK_COMPONENT]: 'bedrock_invoke' });
    await provider.forceFlush();
    await provider.shutdown();

    const logs = new CloudWatchLogsClient(moto.clientConfig);
    const emf = await eventually(async () => {
      const out = await logs.send(new FilterLogEventsCommand({ logGroupName: METRICS_LOG_GROUP }));
      const events = (out.events ?? []).map((e) => JSON.parse(e.message ?? '{}') as Record<string, any>);
      const names = new Set(events.flatMap((e) => (e._aws?.CloudWatchMetrics ?? []).flatMap((m: any) => m.Metrics.map((x: any) => x.Name))));
      return [METRIC_GEN_AI_CLIENT_TOKEN_USAGE, METRIC_KENSA_GEN_AI_CLIENT_COST, METRIC_KENSA_SLA_VIOLATIONS].every((n) => names.has(n))
        ? events
        : undefined;
    }, 'EMF events');

    const declaring = (metric: string) =>
      emf.filter((e) => e._aws.CloudWatchMetrics.some((m: any) => m.Metrics.some((x: any) => x.Name === metric)));
    for (const event of emf) expect(event._aws.CloudWatchMetrics[0].Namespace).toBe(NAMESPACE);

    const costEvent = declaring(METRIC_KENSA_GEN_AI_CLIENT_COST)[0]!;
    expect(costEvent._aws.CloudWatchMetrics[0].Dimensions).toEqual([
      [ATTR_GEN_AI_REQUEST_MODEL, ATTR_GEN_AI_OPERATION_NAME],
      [ATTR_GEN_AI_REQUEST_MODEL],
    ]);
    expect(costEvent[METRIC_KENSA_GEN_AI_CLIENT_COST]).toBeCloseTo(0.001, 10);

    const input = declaring(METRIC_GEN_AI_CLIENT_TOKEN_USAGE).find((e) => e[ATTR_GEN_AI_TOKEN_TYPE] === 'input')!;
    expect(input._aws.CloudWatchMetrics[0].Dimensions).toEqual([
      [ATTR_GEN_AI_REQUEST_MODEL, ATTR_GEN_AI_OPERATION_NAME, ATTR_GEN_AI_TOKEN_TYPE],
      [ATTR_GEN_AI_TOKEN_TYPE],
    ]);
    expect(input[METRIC_GEN_AI_CLIENT_TOKEN_USAGE]).toMatchObject({ Count: 2, Sum: 2000, Min: 800, Max: 1200 });

    const sla = declaring(METRIC_KENSA_SLA_VIOLATIONS)[0]!;
    expect(sla._aws.CloudWatchMetrics[0].Dimensions).toEqual([[ATTR_KENSA_BOTTLENECK_COMPONENT]]);
    expect(sla[METRIC_KENSA_SLA_VIOLATIONS]).toBe(2);
    // No roll-ups (NoDimensionRollup): every dimension set is one we declared.
    for (const event of emf) {
      for (const set of event._aws.CloudWatchMetrics[0].Dimensions as string[][]) expect(set.length).toBeGreaterThan(0);
    }
  });

  it('writes the per-call GenAI records, and only those, to their log group', async (ctx) => {
    await ready(ctx);
    const provider = new LoggerProvider({
      processors: [new BatchLogRecordProcessor({ exporter: new OTLPLogExporter({ url: `http://${collector.otlpGrpcEndpoint}` }) })],
    });
    const logger = provider.getLogger('kensa-e2e');
    logger.emit({
      eventName: EVENT_GEN_AI_CLIENT_INFERENCE_OPERATION_DETAILS,
      body: 'chat call',
      attributes: { [ATTR_GEN_AI_REQUEST_MODEL]: MODEL_ID, [ATTR_ERROR_TYPE]: 'ThrottlingException', 'kensa.e2e.marker': 'genai' },
    });
    logger.emit({ body: 'an ordinary application log line', attributes: { 'kensa.e2e.marker': 'other' } });
    await provider.forceFlush();
    await provider.shutdown();

    const logs = new CloudWatchLogsClient(moto.clientConfig);
    const records = await eventually(async () => {
      const out = await logs.send(new FilterLogEventsCommand({ logGroupName: GENAI_LOG_GROUP }));
      const events = (out.events ?? []).map((e) => JSON.parse(e.message ?? '{}') as Record<string, any>);
      return events.length > 0 ? events : undefined;
    }, 'GenAI log records');
    // Give a wrongly forwarded second record the time to arrive before asserting it did not.
    await new Promise((r) => setTimeout(r, 2_000));
    const out = await logs.send(new FilterLogEventsCommand({ logGroupName: GENAI_LOG_GROUP }));
    expect(out.events ?? []).toHaveLength(records.length);
    expect(records).toHaveLength(1);
    expect(records[0]!.attributes).toMatchObject({ [ATTR_GEN_AI_REQUEST_MODEL]: MODEL_ID, 'kensa.e2e.marker': 'genai' });
  });
});

// Runs today: the same file with its three AWS exporters swapped for OTLP to a file sink, so the receivers,
// memory limiter, batching and the GenAI log filter are exercised as shipped while the AWS exporters cannot
// be built (collector/builder-config.yaml).
describe('sidecar.yaml pipelines, AWS exporters replaced by a file sink', () => {
  let sink: FileSink;
  let collector: Collector;

  beforeAll(async () => {
    await requireComponents(['otlp', 'memory_limiter', 'batch', 'filter', 'health_check', 'file']);
    sink = await startFileSink();
    const config = loadCollectorConfig(sidecarYaml);
    const toSink = { endpoint: sink.collector.otlpGrpcEndpoint, tls: { insecure: true } };
    replaceExporter(config, 'awsxray', 'otlp/traces', toSink);
    replaceExporter(config, 'awsemf', 'otlp/metrics', toSink);
    replaceExporter(config, 'awscloudwatchlogs', 'otlp/logs', toSink);
    collector = await startCollector({ name: 'sidecar', config: { yaml: toYaml(config) }, env: { KENSA_BATCH_TIMEOUT: '200ms' } });
  }, 30 * 60_000);

  afterAll(async () => {
    await collector?.stop();
    await sink?.stop();
  });

  it('passes every span of every trace through', async () => {
    const traffic = new GenAiTraffic({ otlpGrpcEndpoint: collector.otlpGrpcEndpoint });
    const sent = [traffic.send('normal'), traffic.send('slow'), traffic.send('error')];
    await traffic.flush();
    await traffic.shutdown();
    const expected = sent.flatMap((t) => t.spanIds).sort();
    const spans = await eventually(async () => {
      const got = sink.spans();
      return got.length >= expected.length ? got : undefined;
    }, 'spans at the sink');
    expect(spans.map((s) => s.spanId).sort()).toEqual(expected);
  });

  it('forwards only the per-call GenAI log records', async () => {
    const provider = new LoggerProvider({
      processors: [new BatchLogRecordProcessor({ exporter: new OTLPLogExporter({ url: `http://${collector.otlpGrpcEndpoint}` }) })],
    });
    const logger = provider.getLogger('kensa-e2e');
    logger.emit({ body: 'an ordinary application log line', attributes: { 'kensa.e2e.marker': 'other' } });
    logger.emit({
      eventName: EVENT_GEN_AI_CLIENT_INFERENCE_OPERATION_DETAILS,
      body: 'chat call',
      attributes: { [ATTR_GEN_AI_REQUEST_MODEL]: MODEL_ID, 'kensa.e2e.marker': 'genai' },
    });
    logger.emit({ body: 'another ordinary line', attributes: { 'kensa.e2e.marker': 'other' } });
    await provider.forceFlush();
    await provider.shutdown();

    const markers = () =>
      (sink.documents('logs') as Array<{ resourceLogs: Array<{ scopeLogs: Array<{ logRecords: Array<Record<string, any>> }> }> }>)
        .flatMap((d) => d.resourceLogs.flatMap((r) => r.scopeLogs.flatMap((s) => s.logRecords)))
        .map((r) => ({
          eventName: r.eventName as string | undefined,
          marker: (r.attributes as Array<{ key: string; value: { stringValue?: string } }>).find((a) => a.key === 'kensa.e2e.marker')?.value.stringValue,
        }));
    await eventually(async () => (markers().length > 0 ? true : undefined), 'log records at the sink');
    // The three records travel in one batch; give a wrongly forwarded one a moment anyway.
    await new Promise((r) => setTimeout(r, 1_000));
    expect(markers()).toEqual([{ eventName: EVENT_GEN_AI_CLIENT_INFERENCE_OPERATION_DETAILS, marker: 'genai' }]);
  });

  it('passes delta metrics through unchanged', async () => {
    const exporter = new OTLPMetricExporter({ url: `http://${collector.otlpGrpcEndpoint}`, temporalityPreference: AggregationTemporality.DELTA });
    const provider = new MeterProvider({ readers: [new PeriodicExportingMetricReader({ exporter, exportIntervalMillis: 60_000 })] });
    provider.getMeter('kensa-e2e').createCounter(METRIC_KENSA_GEN_AI_CLIENT_COST).add(0.25, { [ATTR_GEN_AI_REQUEST_MODEL]: MODEL_ID });
    await provider.forceFlush();
    await provider.shutdown();
    const points = await eventually(async () => {
      const found = (sink.documents('metrics') as Array<{ resourceMetrics: Array<{ scopeMetrics: Array<{ metrics: Array<Record<string, any>> }> }> }>)
        .flatMap((d) => d.resourceMetrics.flatMap((r) => r.scopeMetrics.flatMap((s) => s.metrics)))
        .filter((m) => m.name === METRIC_KENSA_GEN_AI_CLIENT_COST);
      return found.length > 0 ? found : undefined;
    }, 'the cost metric at the sink');
    expect(points[0]!.sum.aggregationTemporality).toBe(1);
    expect(points[0]!.sum.dataPoints[0].asDouble).toBe(0.25);
  });
});
