// Kensa's span processors against the bare SDK, side by side in one process, interleaved.
// Realistic traces: 8 spans per request (orchestrator root, cache, session store, vector search,
// Bedrock chat, its AWS SDK span, parsing, WebSocket delivery), 2% of requests fail, each request
// runs under withRequestContext. Both sides export through a BatchSpanProcessor to a no-op
// exporter and yield to the event loop as a server would, so the batch processor really exports.
// A third side, the floor, replays Kensa's output with no logic: what the SDK alone charges for
// the attributes and metric points Kensa produces. All sides share one process, so garbage one
// side makes is partly collected during another's turn (the rotation spreads it evenly).
//
//   npm run bench -w @kensa/processors       (BENCH_SPANS=… to change the spans per side)
import { setImmediate as yieldToLoop } from 'node:timers/promises';
import { context, propagation, SpanStatusCode, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { W3CBaggagePropagator } from '@opentelemetry/core';
import { AggregationTemporality, InMemoryMetricExporter, MeterProvider, PeriodicExportingMetricReader } from '@opentelemetry/sdk-metrics';
import { BasicTracerProvider, BatchSpanProcessor, InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { createKensaSpanProcessors, withRequestContext } from '../dist/index.mjs';

const SPANS_PER_SIDE = Number(process.env.BENCH_SPANS ?? 1_000_000);
const SPANS_PER_TRACE = 8;
const TRACES = Math.ceil(SPANS_PER_SIDE / SPANS_PER_TRACE);
const TRACES_PER_CHUNK = 500;
const TRACES_PER_YIELD = 32;
const ERROR_EVERY = 50; // 2%

context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
propagation.setGlobalPropagator(new W3CBaggagePropagator());

let exported = 0;
const noopExporter = {
  export(spans, done) {
    exported += spans.length;
    done({ code: 0 });
  },
  shutdown: () => Promise.resolve(),
  forceFlush: () => Promise.resolve(),
};
const batch = () => new BatchSpanProcessor(noopExporter, { maxQueueSize: 65_536, maxExportBatchSize: 512, scheduledDelayMillis: 200 });

const reader = new PeriodicExportingMetricReader({
  exporter: new InMemoryMetricExporter(AggregationTemporality.DELTA),
  exportIntervalMillis: 1000,
});
const meterProvider = new MeterProvider({ readers: [reader] });

// BENCH_ONLY=correlation,latencyBudget measures a subset (for profiling); default: all four.
const only = process.env.BENCH_ONLY?.split(',');
const toggles = only
  ? Object.fromEntries(['correlation', 'contextBudget', 'errorPattern', 'latencyBudget'].filter((k) => !only.includes(k)).map((k) => [k, false]))
  : {};
/**
 * The cheapest conceivable processor with the same output: it replays, with no logic at all, the
 * attributes Kensa adds to each span of an ordinary request (5 correlation ids on every span,
 * 4 budget attributes on every mapped span, SLA, per-component time and bottleneck on the root,
 * the context budget on the model call) and records the same metric points (one budget point per
 * component of the request, one context point per model call). Measured alongside to show how
 * much of the overhead is the price the SDK charges for the output itself.
 */
function floorProcessor(mp, output) {
  const budget = mp.getMeter('floor').createHistogram('floor.budget');
  const contextHistogram = mp.getMeter('floor').createHistogram('floor.context');
  // The values differ per request, as Kensa's do (the request's own ids, fresh numbers): constant
  // values would make the floor cheaper than any real output (fewer objects kept with each span).
  const idOf = {
    'session.id': (ids) => ids.sessionId,
    'user.id': (ids) => ids.userId,
    'kensa.request.id': (ids) => ids.requestId,
    'kensa.conversation.turn': (ids) => ids.turn,
    'gen_ai.conversation.id': (ids) => ids.sessionId,
  };
  const vary = (value) => (typeof value === 'number' && !Number.isInteger(value) ? value * (1 + (current.i % 64) / 1024) : value);
  return {
    onStart(span) {
      const { start } = output.get(span.name);
      for (let i = 0; i < start.length; i++) span.setAttribute(start[i][0], idOf[start[i][0]](current.ids));
    },
    onEnding(span) {
      const { end, points } = output.get(span.name);
      for (let i = 0; i < end.length; i++) span.setAttribute(end[i][0], vary(end[i][1]));
      for (let i = 0; i < points.length; i++) (points[i].context ? contextHistogram : budget).record(vary(0.5), points[i].attributes);
    },
    onEnd() {},
    forceFlush: () => Promise.resolve(),
    shutdown: () => Promise.resolve(),
  };
}

/** What Kensa adds to each span of one ordinary request (not failed, not slow), by span name. */
function kensaOutput() {
  const run = (processors) => {
    const exporter = new InMemorySpanExporter();
    const tracer = new BasicTracerProvider({ spanProcessors: [...processors, new SimpleSpanProcessor(exporter)] }).getTracer('probe');
    request(tracer, 1);
    return new Map(exporter.getFinishedSpans().map((span) => [span.name, span.attributes]));
  };
  const bare = run([]);
  const kensa = run(createKensaSpanProcessors({ meterProvider: new MeterProvider() }));
  const startKeys = new Set(['session.id', 'user.id', 'kensa.request.id', 'kensa.conversation.turn', 'gen_ai.conversation.id']);
  const output = new Map();
  for (const [name, attributes] of kensa) {
    const added = Object.entries(attributes).filter(([key]) => !(key in bare.get(name)));
    const points = added
      .filter(([key]) => key.startsWith('kensa.sla.component_ms.'))
      .map(([key]) => ({ attributes: { 'kensa.budget.component': key.slice('kensa.sla.component_ms.'.length) } }));
    if ('kensa.context.utilization' in attributes) points.push({ context: true, attributes: { 'gen_ai.request.model': attributes['gen_ai.request.model'] } });
    output.set(name, { start: added.filter(([k]) => startKeys.has(k)), end: added.filter(([k]) => !startKeys.has(k)), points });
  }
  return output;
}

const BASE_MS = Date.now();
const hr = (ms) => {
  const t = BASE_MS + ms;
  return [Math.floor(t / 1000), Math.round((t % 1000) * 1e6)];
};

/** The request being run, for the floor processor (which has no logic to find it). */
let current;

function request(tracer, i) {
  const fail = i % ERROR_EVERY === 7;
  const slow = i % 10 === 3;
  const ids = { sessionId: `sess-${i % 5000}`, userId: `user-${i % 2000}`, requestId: `req-${i}`, turn: i % 12 };
  current = { i, ids };
  return withRequestContext(ids, () => {
    const root = tracer.startSpan('chat.message', { kind: 1, startTime: hr(0), attributes: { 'http.route': '/ws' } });
    const ctx = trace.setSpan(context.active(), root);
    let t = 2;
    const child = (name, ms, attributes, parent = ctx) => {
      const s = tracer.startSpan(name, { kind: 2, startTime: hr(t), attributes }, parent);
      s.end(hr(t + ms));
      t += ms;
      return s;
    };
    child('GET', 3, { 'db.system.name': 'redis', 'db.operation.name': 'GET', 'server.address': 'cache.local' });
    child('DynamoDB.GetItem', 18, { 'rpc.system': 'aws-api', 'rpc.service': 'DynamoDB', 'rpc.method': 'GetItem', 'aws.dynamodb.table_names': ['sessions'] });
    child('search manga-index', slow ? 420 : 150, {
      'db.system.name': 'opensearch', 'db.operation.name': 'search', 'db.collection.name': 'manga-index',
      'kensa.retrieval.k': 5, 'kensa.retrieval.results': 5, 'kensa.retrieval.score.max': 0.82,
    });
    const bedrock = tracer.startSpan('chat anthropic.claude-3-haiku', {
      kind: 2,
      startTime: hr(t),
      attributes: {
        'gen_ai.operation.name': 'chat', 'gen_ai.provider.name': 'aws.bedrock',
        'gen_ai.request.model': 'anthropic.claude-3-haiku-20240307-v1:0', 'gen_ai.request.max_tokens': 1024,
        'kensa.gen_ai.model.context_window': 200_000,
        'kensa.context.section.system_tokens': 420, 'kensa.context.section.history_tokens': 900 + (i % 7) * 150,
        'kensa.context.section.retrieved_tokens': 1200, 'kensa.context.section.user_tokens': 60,
      },
    }, ctx);
    const sdkSpan = tracer.startSpan('BedrockRuntime.InvokeModel', { kind: 2, startTime: hr(t + 1), attributes: { 'rpc.system': 'aws-api', 'rpc.service': 'BedrockRuntime', 'rpc.method': 'InvokeModel' } }, trace.setSpan(ctx, bedrock));
    const bedrockMs = slow ? 2600 : 1400;
    if (fail) {
      const error = Object.assign(new Error('Rate exceeded'), { name: 'ThrottlingException' });
      sdkSpan.recordException(error);
      sdkSpan.setStatus({ code: SpanStatusCode.ERROR, message: error.message });
      sdkSpan.setAttribute('error.type', 'ThrottlingException');
      bedrock.recordException(error);
      bedrock.setStatus({ code: SpanStatusCode.ERROR, message: error.message });
      bedrock.setAttribute('error.type', 'ThrottlingException');
    } else {
      bedrock.setAttribute('gen_ai.usage.input_tokens', 2580 + (i % 7) * 150);
      bedrock.setAttribute('gen_ai.usage.output_tokens', 310);
    }
    sdkSpan.end(hr(t + bedrockMs - 1));
    bedrock.end(hr(t + bedrockMs));
    t += bedrockMs;
    child('response_parsing', 6, {});
    child('ApiGatewayManagementApi.PostToConnection', 7, { 'rpc.system': 'aws-api', 'rpc.service': 'ApiGatewayManagementApi', 'rpc.method': 'PostToConnection' });
    root.end(hr(t + 5));
  });
}

const allSides = {
  floor: () => new BasicTracerProvider({ spanProcessors: [floorProcessor(meterProvider, kensaOutput()), batch()] }).getTracer('bench'),
  without: () => new BasicTracerProvider({ spanProcessors: [batch()] }).getTracer('bench'),
  with: () => new BasicTracerProvider({ spanProcessors: [...createKensaSpanProcessors({ meterProvider, ...toggles }), batch()] }).getTracer('bench'),
};
// BENCH_SIDES=without,with leaves the floor out (for profiling Kensa alone).
const sideNames = process.env.BENCH_SIDES?.split(',') ?? Object.keys(allSides);
const sides = Object.fromEntries(sideNames.map((name) => [name, allSides[name]()]));

// Both wall time and this process's CPU time are measured. The machine is shared (2 cores, other
// builds running), so wall time includes time the process was not even scheduled; CPU time
// (user + system, GC threads included) is what the processors actually cost and is the figure
// the summary lines use.
async function chunk(tracer, first) {
  let wall = 0n;
  let cpu = 0;
  for (let i = first; i < first + TRACES_PER_CHUNK; i += TRACES_PER_YIELD) {
    const cpuStart = process.cpuUsage();
    const start = process.hrtime.bigint();
    const end = Math.min(first + TRACES_PER_CHUNK, i + TRACES_PER_YIELD);
    for (let j = i; j < end; j++) request(tracer, j);
    wall += process.hrtime.bigint() - start;
    const used = process.cpuUsage(cpuStart);
    cpu += used.user + used.system;
    // Outside the timed section: lets the batch processors export, as a server's idle time would.
    await yieldToLoop();
  }
  return { wall, cpu };
}

globalThis.gc?.();
const heapStart = process.memoryUsage().heapUsed;
let heapPeak = heapStart;

// Warm-up on both sides so the JIT has seen every path before timing starts.
for (let w = 0; w < 4; w++) {
  for (const side of Object.keys(sides)) await chunk(sides[side], w * TRACES_PER_CHUNK);
}

const totals = { with: 0n, without: 0n, floor: 0n };
const cpuTotals = { with: 0, without: 0, floor: 0 };
const rounds = Math.ceil(TRACES / TRACES_PER_CHUNK);
const wallStart = Date.now();
for (let r = 0; r < rounds; r++) {
  const first = r * TRACES_PER_CHUNK;
  // Rotate which side goes first so none always runs on a warmer heap.
  const order = sideNames.map((_, i) => sideNames[(i + r) % sideNames.length]);
  for (const side of order) {
    const t = await chunk(sides[side], first);
    totals[side] += t.wall;
    cpuTotals[side] += t.cpu;
    const heap = process.memoryUsage().heapUsed;
    if (heap > heapPeak) heapPeak = heap;
  }
}
await reader.forceFlush();
globalThis.gc?.();
const heapEnd = process.memoryUsage().heapUsed;

const spans = rounds * TRACES_PER_CHUNK * SPANS_PER_TRACE;
const wallWithoutMs = Number(totals.without) / 1e6;
const wallWithMs = Number(totals.with) / 1e6;
const withoutMs = cpuTotals.without / 1e3;
const withMs = cpuTotals.with / 1e3;
const addedNs = ((withMs - withoutMs) * 1e6) / spans;
const ratio = (withMs - withoutMs) / withoutMs;
console.log(`spans per side: ${spans} (${rounds * TRACES_PER_CHUNK} traces, ${SPANS_PER_TRACE} spans each, 2% failed), exported: ${exported}`);
console.log(`without Kensa: cpu ${withoutMs.toFixed(0)} ms (${((withoutMs * 1e6) / spans).toFixed(0)} ns/span), wall ${wallWithoutMs.toFixed(0)} ms`);
console.log(`with Kensa:    cpu ${withMs.toFixed(0)} ms (${((withMs * 1e6) / spans).toFixed(0)} ns/span), wall ${wallWithMs.toFixed(0)} ms`);
if (sides.floor) {
  const floorMs = cpuTotals.floor / 1e3;
  console.log(`floor (Kensa's output replayed, no logic): cpu ${floorMs.toFixed(0)} ms (${((floorMs * 1e6) / spans).toFixed(0)} ns/span), ratio ${((floorMs - withoutMs) / withoutMs).toFixed(3)}`);
}
console.log(`wall-clock ratio (noisy on a shared machine): ${((wallWithMs - wallWithoutMs) / wallWithoutMs).toFixed(3)}`);
console.log(`wall: ${((Date.now() - wallStart) / 1000).toFixed(1)} s, heap retained after gc: ${((heapEnd - heapStart) / 1048576).toFixed(1)} MB`);
console.log(`kensa_processors_added_ns_per_span: ${addedNs.toFixed(0)}`);
console.log(`peak_heap_growth_mb: ${((heapPeak - heapStart) / 1048576).toFixed(1)}`);
console.log(`processor_overhead_ratio: ${ratio.toFixed(3)}`);
await meterProvider.shutdown();
process.exit(0);
