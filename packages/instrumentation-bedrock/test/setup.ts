/**
 * Shared test setup: real SDK providers with in-memory exporters, Kensa's instrumentation and the
 * contrib AWS SDK instrumentation enabled (as the distro runs them), a local Bedrock server, and
 * the AWS SDK loaded with `require` *after* the instrumentations are enabled — the same patching
 * path an application started with `--require @kensa/node/register` takes.
 */
import { createRequire } from 'node:module';
import type { Context } from '@opentelemetry/api';
import { registerInstrumentations } from '@opentelemetry/instrumentation';
import { InMemoryLogRecordExporter, LoggerProvider, SimpleLogRecordProcessor } from '@opentelemetry/sdk-logs';
import { MeterProvider, type ResourceMetrics } from '@opentelemetry/sdk-metrics';
import { InMemorySpanExporter, NodeTracerProvider, SimpleSpanProcessor, type ReadableSpan, type Span, type SpanProcessor } from '@opentelemetry/sdk-trace-node';
import type { BedrockServer } from '@kensa/test-servers';
import { afterAll, beforeAll, beforeEach, expect } from 'vitest';
import { BedrockInstrumentation } from '../src/index';
import { TestMetricReader } from './metricReader';

/** Counts every span started and ended in this file, to prove every span that starts ends. */
class CountingProcessor implements SpanProcessor {
  started = 0;
  ended = 0;
  onStart(_span: Span, _ctx: Context): void {
    this.started++;
  }
  onEnd(_span: ReadableSpan): void {
    this.ended++;
  }
  forceFlush(): Promise<void> {
    return Promise.resolve();
  }
  shutdown(): Promise<void> {
    return Promise.resolve();
  }
}

export const spanExporter = new InMemorySpanExporter();
export const counter = new CountingProcessor();
export const tracerProvider = new NodeTracerProvider({ spanProcessors: [counter, new SimpleSpanProcessor(spanExporter)] });
tracerProvider.register();
export const metricReader = new TestMetricReader();
export const meterProvider = new MeterProvider({ readers: [metricReader] });
export const logExporter = new InMemoryLogRecordExporter();
export const loggerProvider = new LoggerProvider({ processors: [new SimpleLogRecordProcessor({ exporter: logExporter })] });

const requireFromHere = createRequire(__filename);
// Loaded through Node's require, as the distro loads it, rather than through Vitest's module runner.
const { AwsInstrumentation } = requireFromHere('@opentelemetry/instrumentation-aws-sdk') as typeof import('@opentelemetry/instrumentation-aws-sdk');
export const instrumentation = new BedrockInstrumentation({ streamIdleTimeoutMs: 200 });
export const contrib = new AwsInstrumentation();
registerInstrumentations({ instrumentations: [instrumentation, contrib], tracerProvider, meterProvider, loggerProvider });

export const runtimeSdk = requireFromHere('@aws-sdk/client-bedrock-runtime') as typeof import('@aws-sdk/client-bedrock-runtime');
export const agentSdk = requireFromHere('@aws-sdk/client-bedrock-agent-runtime') as typeof import('@aws-sdk/client-bedrock-agent-runtime');

export const httpHandlerModule = requireFromHere('@smithy/node-http-handler') as typeof import('@smithy/node-http-handler');

export const credentials = { accessKeyId: 'AKIDTEST', secretAccessKey: 'secret' };
export let server: BedrockServer;

export function runtimeClient(options: Record<string, unknown> = {}): InstanceType<typeof runtimeSdk.BedrockRuntimeClient> {
  return new runtimeSdk.BedrockRuntimeClient({ endpoint: server.url, region: 'us-east-1', credentials, maxAttempts: 1, ...options });
}
export function agentClient(options: Record<string, unknown> = {}): InstanceType<typeof agentSdk.BedrockAgentRuntimeClient> {
  return new agentSdk.BedrockAgentRuntimeClient({ endpoint: server.url, region: 'us-east-1', credentials, maxAttempts: 1, ...options });
}

/** Spans that ended, after letting pending stream bookkeeping settle. */
export function spans(): ReadableSpan[] {
  return spanExporter.getFinishedSpans();
}

export function onlySpan(): ReadableSpan {
  const finished = spans();
  expect(finished).toHaveLength(1);
  return finished[0]!;
}

export async function metrics(): Promise<ResourceMetrics> {
  const { resourceMetrics } = await metricReader.collect();
  return resourceMetrics;
}

export type Points = Array<{ attributes: Record<string, unknown>; value: unknown }>;

/** Collects once (delta: the reader drains) and returns the data points of every metric by name. */
export async function collectPoints(): Promise<Map<string, Points>> {
  const rm = await metrics();
  const out = new Map<string, Points>();
  for (const scope of rm.scopeMetrics) {
    for (const metric of scope.metrics) {
      const list = out.get(metric.descriptor.name) ?? [];
      for (const dp of metric.dataPoints) list.push({ attributes: dp.attributes as Record<string, unknown>, value: dp.value });
      out.set(metric.descriptor.name, list);
    }
  }
  return out;
}

/** Data points of one metric (collects, so call once per test or use collectPoints). */
export async function points(name: string): Promise<Points> {
  return (await collectPoints()).get(name) ?? [];
}

export function logs() {
  return logExporter.getFinishedLogRecords();
}

export const decoder = new TextDecoder();

beforeAll(async () => {
  // Imported late: the server loads @smithy/core, which must be required after the instrumentations
  // hook `require` (as with `--require`), or contrib would never patch it and the test would prove nothing.
  const { startBedrockServer } = await import('@kensa/test-servers');
  server = await startBedrockServer();
});

beforeEach(async () => {
  server.reset();
  spanExporter.reset();
  logExporter.reset();
  await metricReader.collect(); // drain (delta) so each test sees only its own points
  instrumentation.setConfig({ streamIdleTimeoutMs: 200 });
});

afterAll(async () => {
  // Give idle-timeout timers of abandoned streams their chance, then check the books balance.
  await new Promise((resolve) => setTimeout(resolve, 500));
  expect(counter.ended).toBe(counter.started);
  await server.close();
});
