import { describe, expect, it } from 'vitest';
import { CLOUDWATCH_LIMITS, buildMetricPlan, dimension } from '../src/MetricPlan';
import type { Series } from '../src/MinuteAggregator';

function series(minute: number, model: string, extra: Partial<Series> = {}): Series {
  return {
    minuteMs: Date.UTC(2026, 10, 22, 10, minute),
    dimensions: {
      ModelFamily: 'anthropic.claude',
      BaseModelId: model,
      InferenceProfile: 'none',
      InferenceProfileId: 'none',
      SourceRegion: 'us-east-1',
      InferenceRegion: 'us-east-1',
      Operation: 'Converse',
      Identity: 'arn:aws:sts::123456789012:assumed-role/App',
    },
    invocations: 2,
    inputTokens: 10,
    outputTokens: 5,
    cacheReadTokens: 0,
    cacheWriteTokens: 0,
    crossRegion: 0,
    routable: false,
    errors: new Map(),
    ...extra,
  };
}

describe('buildMetricPlan', () => {
  it('never puts more than 1000 data points in a request', () => {
    const many = Array.from({ length: 400 }, (_, i) => series(i % 60, `model-${i}`));
    const plan = buildMetricPlan(many, new Map(), undefined, { rollups: [], staticDimensions: [] });
    expect(plan.datumCount).toBe(400 * 3);
    expect(plan.batches.map((b) => b.length)).toEqual([1000, 200]);
  });

  it('splits by payload size before CloudWatch’s 1 MB request limit', () => {
    const long = 'x'.repeat(250);
    const wide = Array.from({ length: 300 }, (_, i) => series(i % 60, `${long.slice(0, 240)}-${i}`, { dimensions: { ...series(0, '').dimensions, BaseModelId: `${long.slice(0, 240)}-${i}`, Identity: long } }));
    const plan = buildMetricPlan(wide, new Map(), undefined, { rollups: [], staticDimensions: [dimension('Environment', long)] });
    for (const batch of plan.batches) {
      expect(Buffer.byteLength(JSON.stringify({ Namespace: 'N', MetricData: batch }))).toBeLessThan(1_000_000);
      expect(batch.length).toBeLessThanOrEqual(CLOUDWATCH_LIMITS.maxDatumsPerRequest);
    }
    expect(plan.batches.length).toBeGreaterThan(1);
  });

  it('is deterministic: the same series in any order give the same batches and membership hash', () => {
    const input = Array.from({ length: 50 }, (_, i) => series(i % 7, `m-${i % 5}`, { inputTokens: i }));
    const a = buildMetricPlan(input, new Map([['BMAS-003', 2]]), 0, { rollups: [['BaseModelId']], staticDimensions: [] });
    const b = buildMetricPlan([...input].reverse(), new Map([['BMAS-003', 2]]), 0, { rollups: [['BaseModelId']], staticDimensions: [], maxDatumsPerRequest: 1000 });
    expect(b.membershipHash).toBe(a.membershipHash);
    expect(b.batches).toEqual(a.batches);
  });

  it('sums roll-ups across the series they merge, and adds ErrorCode only to error counts', () => {
    const plan = buildMetricPlan(
      [series(0, 'm', { errors: new Map([['ThrottlingException', 1]]) }), series(0, 'm', { dimensions: { ...series(0, 'm').dimensions, Operation: 'InvokeModel' } })],
      new Map(),
      undefined,
      { rollups: [['BaseModelId']], staticDimensions: [] },
    );
    const points = plan.batches.flat();
    const rollup = points.filter((d) => d.Dimensions?.length === 1 && d.MetricName === 'Invocations');
    expect(rollup).toHaveLength(1);
    expect(rollup[0]?.Value).toBe(4);
    const errors = points.filter((d) => d.MetricName === 'InvocationErrors');
    expect(errors.map((d) => d.Dimensions?.find((x) => x.Name === 'ErrorCode')?.Value)).toEqual(['ThrottlingException', 'ThrottlingException']);
    expect(points.filter((d) => d.MetricName !== 'InvocationErrors').every((d) => !d.Dimensions?.some((x) => x.Name === 'ErrorCode'))).toBe(true);
  });

  it('publishes cost only for priced series (absent, never 0)', () => {
    const plan = buildMetricPlan([series(0, 'priced', { costUsd: 0.5 }), series(0, 'unpriced')], new Map(), undefined, { rollups: [], staticDimensions: [] });
    const cost = plan.batches.flat().filter((d) => d.MetricName === 'EstimatedCostUSD');
    expect(cost.map((d) => d.Dimensions?.find((x) => x.Name === 'BaseModelId')?.Value)).toEqual(['priced']);
    expect(cost[0]).toMatchObject({ Unit: 'None', Value: 0.5 });
  });
});

describe('dimension', () => {
  it('keeps values within 255 characters and keeps long values apart by a hash', () => {
    const a = dimension('Identity', 'a'.repeat(300));
    const b = dimension('Identity', 'a'.repeat(299) + 'b');
    expect(a.Value).toHaveLength(255);
    expect(b.Value).toHaveLength(255);
    expect(a.Value).not.toBe(b.Value);
    expect(dimension('X', '').Value).toBe('-');
  });
});
