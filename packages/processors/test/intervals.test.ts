import { describe, expect, it } from 'vitest';
import { componentTimes, coveredMs } from '../src/latency/intervals';

describe('coveredMs', () => {
  it('counts overlapping and nested intervals once and clips to the window', () => {
    expect(coveredMs([[0, 10], [5, 15], [20, 30], [22, 25]], 0, 100)).toBe(25);
    expect(coveredMs([[-5, 5], [95, 120]], 0, 100)).toBe(10);
    expect(coveredMs([[50, 40]], 0, 100)).toBe(0);
    expect(coveredMs([], 0, 100)).toBe(0);
  });
});

describe('componentTimes', () => {
  it('unions each component, sums self times, skips unmapped spans', () => {
    const ended = {
      parentSpanIds: [undefined, 'r', 'r', 'r', 'r', 'r'],
      components: ['orchestrator', 'redis_cache', 'redis_cache', 'bedrock_invoke', undefined, 'redis_cache'],
      startMs: [0, 10, 12, 20, 0, 90],
      endMs: [100, 15, 18, 80, 100, 120],
      selfMs: [7, NaN, NaN, NaN, NaN, NaN],
    };
    expect(componentTimes(ended, 0, 100)).toEqual([
      ['orchestrator', 7],
      ['redis_cache', 5 + 3 + 10],
      ['bedrock_invoke', 60],
    ]);
  });
});
