import { ROOT_CONTEXT, trace, TraceFlags, type Span } from '@opentelemetry/api';
import { BasicTracerProvider } from '@opentelemetry/sdk-trace-base';
import { beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_BUDGETS, LatencyBudgetProcessor, budgetStatus } from '../src/index';
import { at, collectPoints, harness, installGlobals } from './helpers';

beforeAll(installGlobals);

/** One request of the manga-assist path with fixed timings (ms from 0). */
function request(tracer: ReturnType<ReturnType<typeof harness>['provider']['getTracer']>, durations: Partial<Record<string, number>> = {}) {
  const d = { redis: 3, dynamo: 20, opensearch: 150, bedrock: 1500, parse: 10, ws: 8, ...durations };
  const root = tracer.startSpan('chat.message', { startTime: at(0) });
  const ctx = trace.setSpan(ROOT_CONTEXT, root);
  let t = 5;
  const child = (name: string, ms: number, attributes: Record<string, string>) => {
    const s = tracer.startSpan(name, { startTime: at(t), attributes }, ctx);
    s.end(at(t + ms));
    t += ms;
    return s;
  };
  child('GET', d.redis, { 'db.system.name': 'redis' });
  child('DynamoDB.GetItem', d.dynamo, { 'rpc.service': 'DynamoDB' });
  child('search manga-index', d.opensearch, { 'db.system.name': 'opensearch' });
  // Our Bedrock span with the AWS SDK span nested inside it: the component counts once.
  const bedrock = tracer.startSpan('chat claude', { startTime: at(t), attributes: { 'gen_ai.provider.name': 'aws.bedrock' } }, ctx);
  tracer.startSpan('BedrockRuntime.InvokeModel', { startTime: at(t + 2), attributes: { 'rpc.service': 'BedrockRuntime' } }, trace.setSpan(ctx, bedrock)).end(at(t + d.bedrock - 2));
  bedrock.end(at(t + d.bedrock));
  t += d.bedrock;
  child('response_parsing', d.parse, {});
  child('ApiGatewayManagementApi.PostToConnection', d.ws, { 'rpc.method': 'PostToConnection' });
  root.end(at(t + 20));
  return { root, total: t + 20 };
}

describe('LatencyBudgetProcessor', () => {
  it('maps each span to its component and sets budget, utilization and status', () => {
    const h = harness((mp) => [new LatencyBudgetProcessor({ meterProvider: mp })]);
    request(h.tracer, { redis: 60, opensearch: 250 });
    expect(h.span('GET').attributes).toMatchObject({
      'kensa.budget.component': 'redis_cache',
      'kensa.budget.limit_ms': 20,
      'kensa.budget.utilization': 3,
      'kensa.budget.status': 'exceeded',
    });
    expect(h.span('DynamoDB.GetItem').attributes).toMatchObject({ 'kensa.budget.component': 'dynamodb_session', 'kensa.budget.status': 'within_budget' });
    expect(h.span('search manga-index').attributes).toMatchObject({ 'kensa.budget.component': 'opensearch_vector', 'kensa.budget.status': 'warning' });
    expect(h.span('chat claude').attributes).toMatchObject({ 'kensa.budget.component': 'bedrock_invoke', 'kensa.budget.utilization': 0.652 });
    expect(h.span('BedrockRuntime.InvokeModel').attributes['kensa.budget.component']).toBe('bedrock_invoke');
    expect(h.span('response_parsing').attributes['kensa.budget.component']).toBe('response_parsing');
    expect(h.span('ApiGatewayManagementApi.PostToConnection').attributes['kensa.budget.component']).toBe('websocket_delivery');
  });

  it('sets the SLA verdict, per-component time and the bottleneck on the local root before it is exported', async () => {
    const h = harness((mp) => [new LatencyBudgetProcessor({ meterProvider: mp })]);
    const { total } = request(h.tracer, { bedrock: 2800 });
    const root = h.span('chat.message').attributes;
    expect(total).toBeGreaterThan(3000);
    expect(root).toMatchObject({
      'kensa.budget.component': 'orchestrator',
      'kensa.sla.target_ms': 3000,
      'kensa.sla.met': false,
      'kensa.sla.component_ms.redis_cache': 3,
      'kensa.sla.component_ms.opensearch_vector': 150,
      // Nested SDK span inside our Bedrock span: counted once.
      'kensa.sla.component_ms.bedrock_invoke': 2800,
      'kensa.bottleneck.component': 'bedrock_invoke',
    });
    // The orchestrator is measured by its own time: the 5 ms before and 20 ms after its children.
    expect(root['kensa.sla.component_ms.orchestrator']).toBe(25);
    expect(root['kensa.budget.utilization']).toBe(0.25);
    expect(root['kensa.bottleneck.share']).toBeCloseTo(2800 / total, 3);

    const violations = await collectPoints(h, 'kensa.sla.violations');
    expect(violations).toHaveLength(1);
    expect(violations[0]!.value).toBe(1);
    expect(violations[0]!.attributes).toEqual({ 'kensa.bottleneck.component': 'bedrock_invoke' });
    const utilization = await collectPoints(h, 'kensa.budget.utilization');
    const components = utilization.map((p) => p.attributes['kensa.budget.component']).sort();
    expect(components).toEqual(['bedrock_invoke', 'dynamodb_session', 'opensearch_vector', 'orchestrator', 'redis_cache', 'response_parsing', 'websocket_delivery']);
  });

  it('records kensa.budget.utilization once per request and component: its time in the request over its budget', async () => {
    const h = harness((mp) => [new LatencyBudgetProcessor({ meterProvider: mp })]);
    request(h.tracer);
    request(h.tracer, { redis: 60 });
    const points = await collectPoints(h, 'kensa.budget.utilization');
    const byComponent = new Map(points.map((p) => [p.attributes['kensa.budget.component'], p.value as { count: number; sum: number; min: number; max: number }]));
    expect(byComponent.size).toBe(7);
    // Two requests: two points per component, not one per span (bedrock_invoke has two spans each).
    for (const value of byComponent.values()) expect(value.count).toBe(2);
    const redis = byComponent.get('redis_cache')!;
    expect(redis.min).toBeCloseTo(3 / 20, 9);
    expect(redis.max).toBeCloseTo(60 / 20, 9);
    // The nested SDK span inside our Bedrock span counts once: 1500 ms of a 2300 ms budget.
    expect(byComponent.get('bedrock_invoke')!.sum).toBeCloseTo((2 * 1500) / 2300, 9);
    // The orchestrator by its own time: 25 ms of 100.
    expect(byComponent.get('orchestrator')!.max).toBeCloseTo(0.25, 9);
  });

  it('records no utilization point for a child ending after its request, nor for a request still open', async () => {
    const h = harness((mp) => [new LatencyBudgetProcessor({ meterProvider: mp })]);
    const root = h.tracer.startSpan('chat.message', { startTime: at(0) });
    const late = h.tracer.startSpan('GET', { startTime: at(1), attributes: { 'db.system.name': 'redis' } }, trace.setSpan(ROOT_CONTEXT, root));
    root.end(at(5));
    late.end(at(30));
    h.tracer.startSpan('open', { startTime: at(40) });
    const points = await collectPoints(h, 'kensa.budget.utilization');
    expect(points.map((p) => p.attributes['kensa.budget.component'])).toEqual(['orchestrator']);
    expect((points[0]!.value as { count: number }).count).toBe(1);
  });

  it('reports a met SLA without counting a violation', async () => {
    const h = harness((mp) => [new LatencyBudgetProcessor({ meterProvider: mp })]);
    request(h.tracer);
    expect(h.span('chat.message').attributes['kensa.sla.met']).toBe(true);
    expect(await collectPoints(h, 'kensa.sla.violations')).toHaveLength(0);
  });

  it('treats a span with a remote parent as the local root', () => {
    const processor = new LatencyBudgetProcessor();
    const h = harness(() => [processor]);
    const remote = trace.setSpanContext(ROOT_CONTEXT, {
      traceId: '0af7651916cd43dd8448eb211c80319c',
      spanId: 'b7ad6b7169203331',
      traceFlags: TraceFlags.SAMPLED,
      isRemote: true,
    });
    const root = h.tracer.startSpan('handle', { startTime: at(0) }, remote);
    h.tracer.startSpan('GET', { startTime: at(1), attributes: { 'db.system': 'redis' } }, trace.setSpan(remote, root)).end(at(4));
    expect(processor.openTraces).toBe(1);
    root.end(at(10));
    expect(h.span('handle').attributes).toMatchObject({ 'kensa.sla.met': true, 'kensa.sla.component_ms.redis_cache': 3, 'kensa.budget.component': 'orchestrator' });
    expect(processor.openTraces).toBe(0);
  });

  it('handles a child that ends after its root: own budget set, root untouched, no state kept', () => {
    const processor = new LatencyBudgetProcessor();
    const h = harness(() => [processor]);
    const root = h.tracer.startSpan('chat.message', { startTime: at(0) });
    const late = h.tracer.startSpan('GET', { startTime: at(1), attributes: { 'db.system.name': 'redis' } }, trace.setSpan(ROOT_CONTEXT, root));
    root.end(at(5));
    late.end(at(30));
    // A grandchild started after the root ended does not reopen state.
    h.tracer.startSpan('later', { startTime: at(31) }, trace.setSpan(ROOT_CONTEXT, late)).end(at(32));
    expect(h.span('GET').attributes['kensa.budget.status']).toBe('warning');
    expect(h.span('chat.message').attributes['kensa.sla.component_ms.redis_cache']).toBeUndefined();
    expect(processor.openTraces).toBe(0);
  });

  it('keeps concurrent requests apart even when they share a trace id', () => {
    const processor = new LatencyBudgetProcessor();
    const h = harness(() => [processor]);
    const remote = trace.setSpanContext(ROOT_CONTEXT, { traceId: 'a'.repeat(32), spanId: 'b'.repeat(16), traceFlags: 1, isRemote: true });
    const a = h.tracer.startSpan('msg-a', { startTime: at(0) }, remote);
    const b = h.tracer.startSpan('msg-b', { startTime: at(0) }, remote);
    h.tracer.startSpan('search', { startTime: at(1), attributes: { 'db.system.name': 'opensearch' } }, trace.setSpan(remote, a)).end(at(101));
    h.tracer.startSpan('GET', { startTime: at(1), attributes: { 'db.system.name': 'redis' } }, trace.setSpan(remote, b)).end(at(4));
    a.end(at(110));
    b.end(at(5));
    expect(h.span('msg-a').attributes['kensa.bottleneck.component']).toBe('opensearch_vector');
    expect(h.span('msg-a').attributes['kensa.sla.component_ms.redis_cache']).toBeUndefined();
    expect(h.span('msg-b').attributes['kensa.bottleneck.component']).toBe('redis_cache');
  });

  it('keeps many concurrent requests of one shared trace apart (indexed once there are more than a few)', () => {
    const processor = new LatencyBudgetProcessor();
    const h = harness(() => [processor]);
    const remote = trace.setSpanContext(ROOT_CONTEXT, { traceId: 'c'.repeat(32), spanId: 'd'.repeat(16), traceFlags: 1, isRemote: true });
    const roots = Array.from({ length: 20 }, (_, i) => h.tracer.startSpan(`msg-${i}`, { startTime: at(0) }, remote));
    expect(processor.openTraces).toBe(20);
    // Each request gets a child of a different component and length; some end before others start.
    roots.forEach((root, i) => {
      const attributes = i % 2 === 0 ? { 'db.system.name': 'redis' } : { 'db.system.name': 'opensearch' };
      const child = h.tracer.startSpan(`child-${i}`, { startTime: at(1), attributes }, trace.setSpan(remote, root));
      h.tracer.startSpan(`grandchild-${i}`, { startTime: at(2) }, trace.setSpan(remote, child)).end(at(3));
      child.end(at(1 + 10 + i));
      if (i % 3 === 0) root.end(at(40));
    });
    roots.forEach((root, i) => {
      if (i % 3 !== 0) root.end(at(40));
    });
    roots.forEach((_, i) => {
      const a = h.span(`msg-${i}`).attributes;
      const own = i % 2 === 0 ? 'redis_cache' : 'opensearch_vector';
      const other = i % 2 === 0 ? 'opensearch_vector' : 'redis_cache';
      expect(a[`kensa.sla.component_ms.${own}`], `msg-${i}`).toBe(10 + i);
      expect(a[`kensa.sla.component_ms.${other}`], `msg-${i}`).toBeUndefined();
    });
    expect(processor.openTraces).toBe(0);
  });

  it('ignores implausible durations without throwing', () => {
    const processor = new LatencyBudgetProcessor();
    const h = harness(() => [processor]);
    const backwards = h.tracer.startSpan('GET', { startTime: at(100), attributes: { 'db.system.name': 'redis' } });
    backwards.end(at(50));
    const huge = h.tracer.startSpan('search', { startTime: at(0), attributes: { 'db.system.name': 'opensearch' } });
    huge.end(at(10 * 3_600_000));
    // The SDK clamps a negative duration to 0: a 0 ms cache read is within budget.
    expect(h.span('GET').attributes['kensa.budget.status']).toBe('within_budget');
    expect(h.span('search').attributes['kensa.budget.component']).toBeUndefined();
    expect(processor.openTraces).toBe(0);
  });

  it('leaves spans of no component without budget attributes', () => {
    const h = harness(() => [new LatencyBudgetProcessor({ componentRules: [], replaceDefaultRules: true })]);
    h.tracer.startSpan('anything').end();
    expect(Object.keys(h.span('anything').attributes)).not.toContain('kensa.budget.component');
  });

  it('applies user rules before the defaults and user budgets over them', () => {
    const h = harness(() => [
      new LatencyBudgetProcessor({
        slaMs: 1000,
        budgets: { embeddings: { budgetMs: 40, warningMs: 30, alarmMs: 80, criticalMs: 120 }, redis_cache: { budgetMs: 5, warningMs: 4, alarmMs: 10, criticalMs: 20 } },
        componentRules: [{ component: 'embeddings', attribute: 'gen_ai.operation.name', equals: ['embeddings'] }],
      }),
    ]);
    const root = h.tracer.startSpan('orchestrate', { startTime: at(0) });
    const ctx = trace.setSpan(ROOT_CONTEXT, root);
    h.tracer.startSpan('embed', { startTime: at(0), attributes: { 'gen_ai.operation.name': 'embeddings', 'gen_ai.provider.name': 'aws.bedrock' } }, ctx).end(at(130));
    h.tracer.startSpan('GET', { startTime: at(130), attributes: { 'db.system.name': 'redis' } }, ctx).end(at(142));
    root.end(at(150));
    expect(h.span('embed').attributes).toMatchObject({ 'kensa.budget.component': 'embeddings', 'kensa.budget.status': 'critical' });
    expect(h.span('GET').attributes).toMatchObject({ 'kensa.budget.limit_ms': 5, 'kensa.budget.status': 'exceeded' });
    expect(h.span('orchestrate').attributes).toMatchObject({ 'kensa.sla.target_ms': 1000, 'kensa.sla.met': true, 'kensa.bottleneck.component': 'embeddings' });
  });

  it('drops requests whose root never ends after the time limit', () => {
    let now = 0;
    const processor = new LatencyBudgetProcessor({ traceTtlMs: 1000, now: () => now });
    const h = harness(() => [processor]);
    h.tracer.startSpan('never-ends');
    expect(processor.openTraces).toBe(1);
    now = 2000;
    h.tracer.startSpan('next-request');
    expect(processor.openTraces).toBe(1);
  });

  it('keeps memory bounded across 10^6 distinct traces whose roots never end', async () => {
    const { setFlagsFromString } = await import('node:v8');
    const { runInNewContext } = await import('node:vm');
    setFlagsFromString('--expose-gc');
    const gc = runInNewContext('gc') as () => void;
    const processor = new LatencyBudgetProcessor({ maxTraces: 1000 });
    // No exporter: what stays in memory is what the processor keeps.
    const tracer = new BasicTracerProvider({ spanProcessors: [processor] }).getTracer('bench');
    gc();
    const before = process.memoryUsage().heapUsed;
    for (let i = 0; i < 1_000_000; i++) {
      const root = tracer.startSpan('r');
      if (i % 10 === 0) {
        // Some requests have ended children, which add per-request entries.
        tracer.startSpan('GET', { attributes: { 'db.system.name': 'redis' } }, trace.setSpan(ROOT_CONTEXT, root as Span)).end();
      }
    }
    gc();
    const grownMb = (process.memoryUsage().heapUsed - before) / 1024 / 1024;
    expect(processor.openTraces).toBeLessThanOrEqual(1000);
    expect(grownMb).toBeLessThan(32);
  }, 120_000);

  it('stops after shutdown and shuts down once', async () => {
    const processor = new LatencyBudgetProcessor();
    const h = harness(() => [processor]);
    h.tracer.startSpan('open');
    await processor.shutdown();
    await processor.shutdown();
    expect(processor.openTraces).toBe(0);
    h.tracer.startSpan('GET', { attributes: { 'db.system.name': 'redis' } }).end();
    expect(h.span('GET').attributes['kensa.budget.component']).toBeUndefined();
  });
});

describe('budgetStatus', () => {
  const redis = DEFAULT_BUDGETS['redis_cache']!;
  it.each([
    [10, 'within_budget'],
    [15, 'within_budget'],
    [16, 'warning'],
    [49.9, 'warning'],
    [50, 'exceeded'],
    [99, 'exceeded'],
    [100, 'critical'],
    [5000, 'critical'],
  ])('%s ms of redis_cache is %s', (ms, status) => {
    expect(budgetStatus(ms, redis)).toBe(status);
  });
});
