import { describe, expect, it } from 'vitest';
import * as api from '../src/index';

// @kensa/instrumentation-bedrock is written against these exact names in parallel: renaming one breaks it.
describe('public API contract', () => {
  it.each([
    ['resolveModel', 1],
    ['getModelInfo', 1],
    ['listModels', 0],
    ['invokeOperationName', 1],
    ['parseInvokeRequest', 2],
    ['parseInvokeResponse', 2],
    ['createInvokeStreamAggregator', 1],
    ['parseConverseRequest', 1],
    ['parseConverseResponse', 1],
    ['createConverseStreamAggregator', 0],
    ['computeCost', 2],
    ['normalizeFinishReason', 1],
  ] as const)('exports %s taking at least %i arguments', (name, arity) => {
    const fn = (api as Record<string, unknown>)[name];
    expect(typeof fn).toBe('function');
    expect((fn as (...args: unknown[]) => unknown).length).toBeGreaterThanOrEqual(arity);
  });

  it('exports CATALOG_META with pricesAsOf, source and region', () => {
    expect(Object.keys(api.CATALOG_META).sort()).toEqual(['pricesAsOf', 'region', 'source']);
  });

  it('aggregators expose addChunk/addEvent and result', () => {
    const s = api.createInvokeStreamAggregator('unknown');
    expect(typeof s.addChunk).toBe('function');
    expect(typeof s.result).toBe('function');
    const c = api.createConverseStreamAggregator();
    expect(typeof c.addEvent).toBe('function');
    expect(typeof c.result).toBe('function');
  });
});

describe('no exported function throws on hostile arguments', () => {
  const hostile = new Proxy({}, { get: () => { throw new Error('boom'); }, has: () => { throw new Error('boom'); } });
  const h = hostile as never;

  it.each([
    ['resolveModel', () => api.resolveModel(h, h)],
    ['getModelInfo', () => api.getModelInfo(h, h)],
    ['listModels', () => api.listModels(h)],
    ['familyOfId', () => api.familyOfId(h)],
    ['invokeOperationName', () => api.invokeOperationName(h, h)],
    ['parseInvokeRequest', () => api.parseInvokeRequest(h, h, h)],
    ['parseInvokeResponse', () => api.parseInvokeResponse(h, h, h, h)],
    ['createInvokeStreamAggregator', () => api.createInvokeStreamAggregator(h, h).result()],
    ['parseConverseRequest', () => api.parseConverseRequest(h, h)],
    ['parseConverseResponse', () => api.parseConverseResponse(h, h)],
    ['createConverseStreamAggregator', () => api.createConverseStreamAggregator(h).result()],
    ['computeCost', () => api.computeCost(h, h)],
    ['totalInputTokens', () => api.totalInputTokens(h)],
    ['normalizeFinishReason', () => api.normalizeFinishReason(h)],
    ['validateOverrides', () => api.validateOverrides(h)],
  ])('%s', (_name, call) => {
    expect(call).not.toThrow();
  });
});
