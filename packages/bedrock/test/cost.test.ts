import { describe, expect, it } from 'vitest';
import { computeCost, getModelInfo, resolveModel, totalInputTokens, type CatalogOverrides } from '../src/index';

const M = 1_000_000;

describe('computeCost', () => {
  it('prices Claude 3 Sonnet at $3 in / $15 out per 1M tokens (REFERENCE)', () => {
    const cost = computeCost(resolveModel('anthropic.claude-3-sonnet-20240229-v1:0'), { inputTokens: 1000, outputTokens: 500 });
    // 1000 × $3/1M = $0.003; 500 × $15/1M = $0.0075
    expect(cost?.inputUsd).toBeCloseTo(0.003, 12);
    expect(cost?.outputUsd).toBeCloseTo(0.0075, 12);
    expect(cost?.cacheReadUsd).toBe(0);
    expect(cost?.cacheWriteUsd).toBe(0);
    expect(cost?.cacheSavingsUsd).toBe(0);
    expect(cost?.totalUsd).toBeCloseTo(0.0105, 12);
    expect(cost?.estimated).toBeUndefined();
  });

  it('prices Claude 3 Haiku at $0.25 / $1.25 (REFERENCE), through any id form', () => {
    for (const id of [
      'anthropic.claude-3-haiku-20240307-v1:0',
      'us.anthropic.claude-3-haiku-20240307-v1:0',
      'arn:aws:bedrock:us-east-1::foundation-model/anthropic.claude-3-haiku-20240307-v1:0',
    ]) {
      const cost = computeCost(resolveModel(id), { inputTokens: 2000, outputTokens: 1000 });
      // 2000 × 0.25/1M = 0.0005; 1000 × 1.25/1M = 0.00125
      expect(cost?.totalUsd, id).toBeCloseTo(0.00175, 12);
    }
  });

  it('prices cache reads and writes separately; inputTokens is the non-cached input (Anthropic/Converse convention)', () => {
    const id = 'anthropic.claude-3-7-sonnet-20250219-v1:0';
    const p = getModelInfo(id)!.price;
    expect(p).toEqual({ input: 3, output: 15, cacheRead: 0.3, cacheWrite: 3.75 });
    const usage = { inputTokens: 42, outputTokens: 17, cacheReadInputTokens: 3000, cacheWriteInputTokens: 1200 };
    const cost = computeCost(resolveModel(id), usage)!;
    // By hand: 42×3 = 126 → $0.000126; 17×15 = 255 → $0.000255; 3000×0.30 = 900 → $0.0009; 1200×3.75 = 4500 → $0.0045
    expect(cost.inputUsd).toBeCloseTo(0.000126, 12);
    expect(cost.outputUsd).toBeCloseTo(0.000255, 12);
    expect(cost.cacheReadUsd).toBeCloseTo(0.0009, 12);
    expect(cost.cacheWriteUsd).toBeCloseTo(0.0045, 12);
    expect(cost.totalUsd).toBeCloseTo(0.005781, 12);
    // And from the catalogue's own figures, so a price update keeps this arithmetic honest.
    expect(cost.totalUsd).toBeCloseTo((42 * p.input + 17 * p.output + 3000 * p.cacheRead! + 1200 * p.cacheWrite!) / M, 12);
    expect(totalInputTokens(usage)).toBe(42 + 3000 + 1200);
    // Without the cache the 4200 cached tokens would have cost 4200×3 = 12600 → $0.0126; they cost
    // $0.0009 + $0.0045 = $0.0054, so the cache saved $0.0072.
    expect(cost.cacheSavingsUsd).toBeCloseTo(0.0072, 12);
  });

  it('reports a negative saving when a call only writes the cache (the write premium)', () => {
    const cost = computeCost(resolveModel('anthropic.claude-3-7-sonnet-20250219-v1:0'), { inputTokens: 10, outputTokens: 5, cacheWriteInputTokens: 2000 })!;
    // 2000 × (3 − 3.75) = −1500 → −$0.0015
    expect(cost.cacheSavingsUsd).toBeCloseTo(-0.0015, 12);
  });

  it('prices Nova cache reads at the discount and cache writes at the input rate', () => {
    const p = getModelInfo('amazon.nova-pro-v1:0')!.price;
    const cost = computeCost(resolveModel('us.amazon.nova-pro-v1:0'), { inputTokens: 40, outputTokens: 18, cacheReadInputTokens: 1500, cacheWriteInputTokens: 100 })!;
    // 40×0.8 + 18×3.2 + 1500×0.2 + 100×0.8 = 32 + 57.6 + 300 + 80 = 469.6 → $0.0004696
    expect(cost.totalUsd).toBeCloseTo(0.0004696, 12);
    expect(cost.cacheWriteUsd).toBeCloseTo((100 * p.input) / M, 12);
  });

  it('adds the regional premium unless the call goes through a global profile', () => {
    const usage = { inputTokens: 1000, outputTokens: 1000 };
    const global = computeCost(resolveModel('global.anthropic.claude-sonnet-4-5-20250929-v1:0'), usage)!;
    const us = computeCost(resolveModel('us.anthropic.claude-sonnet-4-5-20250929-v1:0'), usage)!;
    const plain = computeCost(resolveModel('anthropic.claude-sonnet-4-5-20250929-v1:0'), usage)!;
    // global: 1000×3 + 1000×15 = 18000 → $0.018; regional: × 1.1 → $0.0198
    expect(global.totalUsd).toBeCloseTo(0.018, 12);
    expect(us.totalUsd).toBeCloseTo(0.0198, 12);
    expect(plain.totalUsd).toBeCloseTo(0.0198, 12);
    // Models without a premium cost the same everywhere.
    const haiku3 = (id: string): number => computeCost(resolveModel(id), usage)!.totalUsd;
    expect(haiku3('us.anthropic.claude-3-haiku-20240307-v1:0')).toBe(haiku3('anthropic.claude-3-haiku-20240307-v1:0'));
  });

  it('prices cache tokens of a model without cache prices at the input rate, marked estimated', () => {
    const cost = computeCost(resolveModel('anthropic.claude-3-haiku-20240307-v1:0'), { inputTokens: 100, cacheReadInputTokens: 400 })!;
    // 100×0.25 + 400×0.25 = 125 → $0.000125
    expect(cost.totalUsd).toBeCloseTo(0.000125, 12);
    expect(cost.estimated).toBe(true);
  });

  it('passes on an estimated usage', () => {
    expect(computeCost(resolveModel('meta.llama3-1-8b-instruct-v1:0'), { inputTokens: 10, estimated: true })?.estimated).toBe(true);
  });

  it('is undefined — never 0 — when the price or the usage is unknown', () => {
    expect(computeCost(resolveModel('anthropic.claude-9-ultra-v1:0'), { inputTokens: 10, outputTokens: 10 })).toBeUndefined();
    expect(computeCost(resolveModel('nope'), { inputTokens: 10 })).toBeUndefined();
    expect(computeCost(resolveModel('arn:aws:bedrock:us-east-1:123456789012:application-inference-profile/x'), { inputTokens: 10 })).toBeUndefined();
    expect(computeCost(resolveModel('anthropic.claude-3-haiku-20240307-v1:0'), {})).toBeUndefined();
    expect(computeCost(resolveModel('anthropic.claude-3-haiku-20240307-v1:0'), undefined as never)).toBeUndefined();
    expect(computeCost(undefined as never, { inputTokens: 1 })).toBeUndefined();
  });

  it('is a real zero when the service reported zero tokens', () => {
    expect(computeCost(resolveModel('anthropic.claude-3-haiku-20240307-v1:0'), { inputTokens: 0, outputTokens: 0 })?.totalUsd).toBe(0);
  });

  it('ignores negative and non-finite counts', () => {
    const cost = computeCost(resolveModel('anthropic.claude-3-haiku-20240307-v1:0'), { inputTokens: -5, outputTokens: Number.NaN, cacheReadInputTokens: Infinity });
    expect(cost?.totalUsd).toBe(0);
  });

  it('uses prices from the user overrides, and prices models only the user knows', () => {
    const overrides: CatalogOverrides = {
      models: {
        'anthropic.claude-3-haiku-20240307-v1:0': { price: { input: 0.5, output: 2 } },
        'acme.private-llm-v1': { family: 'meta.llama', name: 'ACME', contextWindow: 32000, price: { input: 1, output: 4 } },
      },
    };
    expect(computeCost(resolveModel('anthropic.claude-3-haiku-20240307-v1:0', overrides), { inputTokens: 1000, outputTokens: 1000 })?.totalUsd).toBeCloseTo(0.0025, 12);
    expect(computeCost(resolveModel('acme.private-llm-v1', overrides), { inputTokens: 1000, outputTokens: 1000 })?.totalUsd).toBeCloseTo(0.005, 12);
    // The built-in figure is untouched for callers without overrides.
    expect(computeCost(resolveModel('anthropic.claude-3-haiku-20240307-v1:0'), { inputTokens: 1000, outputTokens: 1000 })?.totalUsd).toBeCloseTo(0.0015, 12);
  });
});

describe('totalInputTokens', () => {
  it('sums non-cached input and cache tokens, undefined when nothing was reported', () => {
    expect(totalInputTokens({ inputTokens: 10 })).toBe(10);
    expect(totalInputTokens({ cacheReadInputTokens: 5, cacheWriteInputTokens: 7 })).toBe(12);
    expect(totalInputTokens({ outputTokens: 3 })).toBeUndefined();
  });
});

describe('computeCost with hand-built arguments', () => {
  it('answers undefined instead of throwing', () => {
    const hostile = new Proxy({}, { get: () => { throw new Error('boom'); } });
    expect(computeCost(hostile as never, { inputTokens: 1 })).toBeUndefined();
    expect(computeCost(resolveModel('anthropic.claude-3-haiku-20240307-v1:0'), hostile as never)).toBeUndefined();
  });
});
