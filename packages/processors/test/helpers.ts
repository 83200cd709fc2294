import { context, propagation, type HrTime } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { CompositePropagator, W3CBaggagePropagator, W3CTraceContextPropagator } from '@opentelemetry/core';
import {
  AggregationTemporality,
  InMemoryMetricExporter,
  MeterProvider,
  PeriodicExportingMetricReader,
  type DataPoint,
} from '@opentelemetry/sdk-metrics';
import {
  BasicTracerProvider,
  InMemorySpanExporter,
  SimpleSpanProcessor,
  type SpanProcessor,
} from '@opentelemetry/sdk-trace-base';

/** The same global setup an app gets from the distro: async-hooks context and W3C propagation. */
export function installGlobals(): void {
  context.disable();
  context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
  propagation.disable();
  propagation.setGlobalPropagator(
    new CompositePropagator({ propagators: [new W3CTraceContextPropagator(), new W3CBaggagePropagator()] }),
  );
}

export interface Harness {
  provider: BasicTracerProvider;
  exporter: InMemorySpanExporter;
  meterProvider: MeterProvider;
  reader: PeriodicExportingMetricReader;
  tracer: ReturnType<BasicTracerProvider['getTracer']>;
  spans: (name?: string) => ReturnType<InMemorySpanExporter['getFinishedSpans']>;
  span: (name: string) => ReturnType<InMemorySpanExporter['getFinishedSpans']>[number];
}

/** A real tracer provider running `build(meterProvider)`'s processors in front of an in-memory exporter. */
export function harness(build: (meterProvider: MeterProvider) => SpanProcessor[]): Harness {
  const exporter = new InMemorySpanExporter();
  const reader = new PeriodicExportingMetricReader({
    exporter: new InMemoryMetricExporter(AggregationTemporality.CUMULATIVE),
    exportIntervalMillis: 3_600_000,
  });
  const meterProvider = new MeterProvider({ readers: [reader] });
  const provider = new BasicTracerProvider({
    spanProcessors: [...build(meterProvider), new SimpleSpanProcessor(exporter)],
  });
  const tracer = provider.getTracer('test');
  const spans = (name?: string) => exporter.getFinishedSpans().filter((s) => name === undefined || s.name === name);
  return {
    provider,
    exporter,
    meterProvider,
    reader,
    tracer,
    spans,
    span: (name) => {
      const found = spans(name);
      if (found.length !== 1) throw new Error(`expected one span "${name}", found ${found.length}`);
      return found[0]!;
    },
  };
}

export async function collectPoints(h: Harness, metric: string): Promise<Array<DataPoint<unknown>>> {
  const { resourceMetrics } = await h.reader.collect();
  const points: Array<DataPoint<unknown>> = [];
  for (const scope of resourceMetrics.scopeMetrics) {
    for (const m of scope.metrics) if (m.descriptor.name === metric) points.push(...(m.dataPoints as Array<DataPoint<unknown>>));
  }
  return points;
}

/** HrTime at `ms` milliseconds after a fixed epoch, for deterministic durations. */
export function at(ms: number): HrTime {
  const base = 1_700_000_000_000 + ms;
  return [Math.floor(base / 1000), Math.round((base % 1000) * 1e6)];
}

