import type { Attributes, ObservableResult } from '@opentelemetry/api';
import { AggregationTemporality, MeterProvider } from '@opentelemetry/sdk-metrics';
import { describe, expect, it } from 'vitest';
import { CostTotals, Instruments, MAX_COST_SERIES, type CallShape } from '../src/Instruments';
import { TestMetricReader } from './metricReader';

const shape: CallShape = {
  operation: 'chat',
  requestModel: 'us.anthropic.claude-3-5-haiku-20241022-v1:0',
  responseModel: undefined,
  errorType: undefined,
  serverAddress: 'bedrock-runtime.us-east-1.amazonaws.com',
  serverPort: 443,
};

describe('Instruments.attributesFor', () => {
  const instruments = () => new Instruments(new MeterProvider().getMeter('test'));

  it('builds the GenAI metric attributes of a call, with the token type on the token sets', () => {
    const sets = instruments().attributesFor(shape);
    expect(sets.call).toEqual({
      'gen_ai.operation.name': 'chat',
      'gen_ai.provider.name': 'aws.bedrock',
      'gen_ai.request.model': 'us.anthropic.claude-3-5-haiku-20241022-v1:0',
      'server.address': 'bedrock-runtime.us-east-1.amazonaws.com',
      'server.port': 443,
    });
    expect(sets.inputTokens).toEqual({ ...sets.call, 'gen_ai.token.type': 'input' });
    expect(sets.outputTokens).toEqual({ ...sets.call, 'gen_ai.token.type': 'output' });
    expect(Object.isFrozen(sets.call) && Object.isFrozen(sets.inputTokens) && Object.isFrozen(sets.outputTokens)).toBe(true);
  });

  it('shares one set per shape and tells shapes apart by every field', () => {
    const i = instruments();
    expect(i.attributesFor({ ...shape })).toBe(i.attributesFor({ ...shape }));
    const variants: CallShape[] = [
      { ...shape, operation: 'text_completion' },
      { ...shape, requestModel: 'amazon.nova-lite-v1:0' },
      { ...shape, responseModel: 'claude-3-5-haiku-20241022' },
      { ...shape, errorType: 'ThrottlingException' },
      { ...shape, serverAddress: 'bedrock-runtime.eu-west-1.amazonaws.com' },
      { ...shape, serverPort: undefined },
    ];
    const calls = new Set(variants.map((v) => i.attributesFor(v).call));
    expect(calls.size).toBe(variants.length);
    expect(calls.has(i.attributesFor(shape).call)).toBe(false);
    expect(i.attributesFor(variants[3]!).call['error.type']).toBe('ThrottlingException');
    expect('server.port' in i.attributesFor(variants[5]!).call).toBe(false);
  });

  it('stays bounded when a field varies without end', () => {
    const i = instruments();
    const first = i.attributesFor({ ...shape, errorType: 'E0' });
    for (let n = 1; n <= 1024; n++) i.attributesFor({ ...shape, errorType: `E${n}` });
    const { shapeCount } = i as unknown as { shapeCount: number };
    expect(shapeCount).toBeGreaterThan(0);
    expect(shapeCount).toBeLessThanOrEqual(1024);
    // The set built before the cache was cleared is rebuilt, equal but new.
    const again = i.attributesFor({ ...shape, errorType: 'E0' });
    expect(again).not.toBe(first);
    expect(again.call).toEqual(first.call);
  });
});

/** What one collection of `kensa.gen_ai.client.cost` observes, by request model (or the overflow marker). */
function observed(totals: CostTotals): Array<{ value: number; attributes: Attributes }> {
  const out: Array<{ value: number; attributes: Attributes }> = [];
  const result: ObservableResult = { observe: (value, attributes = {}) => out.push({ value, attributes }) };
  totals.observe(result);
  return out;
}

describe('CostTotals', () => {
  it('sums cost by operation and requested model, with only the dimensions cost is queried by', () => {
    const totals = new CostTotals();
    totals.add('chat', 'amazon.nova-lite-v1:0', 0.25);
    totals.add('chat', 'amazon.nova-lite-v1:0', 0.5);
    totals.add('text_completion', 'amazon.nova-lite-v1:0', 1);
    totals.add('chat', undefined, 2);
    expect(observed(totals)).toEqual([
      { value: 0.75, attributes: { 'gen_ai.operation.name': 'chat', 'gen_ai.provider.name': 'aws.bedrock', 'gen_ai.request.model': 'amazon.nova-lite-v1:0' } },
      { value: 2, attributes: { 'gen_ai.operation.name': 'chat', 'gen_ai.provider.name': 'aws.bedrock' } },
      { value: 1, attributes: { 'gen_ai.operation.name': 'text_completion', 'gen_ai.provider.name': 'aws.bedrock', 'gen_ai.request.model': 'amazon.nova-lite-v1:0' } },
    ]);
  });

  it('only grows: totals are cumulative from one collection to the next, and nothing non-positive is added', () => {
    const totals = new CostTotals();
    totals.add('chat', 'm', 1);
    expect(observed(totals).map((p) => p.value)).toEqual([1]);
    for (const bad of [0, -1, Number.NaN, Number.POSITIVE_INFINITY]) totals.add('chat', 'm', bad);
    totals.add('chat', 'm', 0.5);
    expect(observed(totals).map((p) => p.value)).toEqual([1.5]);
  });

  it('folds series past the limit into one overflow series, losing no cost', () => {
    const totals = new CostTotals();
    for (let n = 0; n < MAX_COST_SERIES + 10; n++) totals.add('chat', `model-${n}`, 1);
    totals.add('chat', 'model-0', 1); // a known series still adds to itself
    const points = observed(totals);
    expect(points).toHaveLength(MAX_COST_SERIES + 1);
    expect(points.at(-1)).toEqual({ value: 10, attributes: { 'otel.metric.overflow': true } });
    expect(points[0]!.value).toBe(2);
    expect(points.reduce((sum, p) => sum + p.value, 0)).toBe(MAX_COST_SERIES + 11);
  });

  it('is what the SDK reads at collection: an asynchronous counter', async () => {
    const reader = new TestMetricReader(AggregationTemporality.CUMULATIVE);
    const provider = new MeterProvider({ readers: [reader] });
    const i = new Instruments(provider.getMeter('test'));
    i.addCost('chat', 'amazon.nova-lite-v1:0', 0.001);
    i.addCost('chat', 'amazon.nova-lite-v1:0', 0.002);
    const { resourceMetrics } = await reader.collect();
    const metric = resourceMetrics.scopeMetrics[0]!.metrics.find((m) => m.descriptor.name === 'kensa.gen_ai.client.cost')!;
    expect(metric.descriptor.unit).toBe('USD');
    expect((metric as { isMonotonic?: boolean }).isMonotonic).toBe(true);
    expect(metric.dataPoints).toHaveLength(1);
    expect(metric.dataPoints[0]!.value).toBeCloseTo(0.003, 12);
    await provider.shutdown();
  });
});
