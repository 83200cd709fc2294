'use strict';
/**
 * Side-by-side benchmark of Bedrock calls against the local wire-protocol server, in one process,
 * interleaving rounds of: (a) no instrumentation, (b) @opentelemetry/instrumentation-aws-sdk alone,
 * (c) the distro's pipeline: Kensa's BedrockInstrumentation + contrib as the distro configures them,
 * and Kensa's span processors (correlation, context budget, error pattern, latency budget) in front of
 * the batch processor, and its log processor (correlation) in front of the log batch processor.
 * Every call runs inside a request context, as the example's do. Measures CPU time per call
 * (process.cpuUsage) and how much later the app sees the first stream chunk.
 * A fourth side, the floor (non-streaming calls only), replays what (c) outputs for each call with no
 * logic at all: the same span and root-span attributes, metric points and log record, written by a
 * plain wrapper around send(). It is what the OTel SDK alone charges for Kensa's output.
 *
 *   npm run bench -w @kensa/instrumentation-bedrock
 *   BENCH_ROUNDS=80 BENCH_CALLS=500 BENCH_STREAMS=4000 BENCH_CONCURRENCY=8 (defaults): 40,000
 *   non-streaming calls per variant (rounds of 500, order rotated each round) and 4,000 streaming
 *   calls per variant (batches of BENCH_STREAM_BATCH=25, the variants' batches back to back), after
 *   8 warm-up rounds (BENCH_WARMUP_ROUNDS) and 2 warm-up batches that are not counted. Added CPU is
 *   the median of paired differences against the uninstrumented batch of the same round, which
 *   cancels the load other processes put on the machine far better than comparing totals.
 *
 * The clients use the SDK's HTTP/1.1 keep-alive handler: bedrock-runtime's default HTTP/2 handler
 * opens an isolated session (a new TCP connection) per call, which doubles the baseline CPU and its
 * noise without changing what the instrumentation does.
 */
const { fork } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');
const { performance } = require('node:perf_hooks');

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 80);
const CALLS = Number(process.env.BENCH_CALLS ?? 500); // non-streaming, per round and variant
const STREAMS = Number(process.env.BENCH_STREAMS ?? 4000); // streaming, per variant
const STREAM_BATCH = Math.max(1, Math.min(STREAMS, Number(process.env.BENCH_STREAM_BATCH ?? 25))); // streams per measured batch
const STREAM_BATCHES = Math.ceil(STREAMS / STREAM_BATCH);
const STREAMS_RUN = STREAM_BATCHES * STREAM_BATCH; // per variant: whole batches
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 8);
const WARMUP_ROUNDS = Number(process.env.BENCH_WARMUP_ROUNDS ?? 8); // until the JIT has settled

// Telemetry pipeline as the distro builds it, with in-memory exporters.
const { trace, context, SpanKind } = require('@opentelemetry/api');
const { AsyncLocalStorageContextManager } = require('@opentelemetry/context-async-hooks');
const { BasicTracerProvider, BatchSpanProcessor, InMemorySpanExporter } = require('@opentelemetry/sdk-trace-base');
const { MeterProvider, MetricReader, AggregationTemporality } = require('@opentelemetry/sdk-metrics');
const { LoggerProvider, BatchLogRecordProcessor, InMemoryLogRecordExporter } = require('@opentelemetry/sdk-logs');
const { registerInstrumentations } = require('@opentelemetry/instrumentation');
const { AwsInstrumentation } = require('@opentelemetry/instrumentation-aws-sdk');
const { BedrockInstrumentation } = require('../dist/index.js');
const { createKensaLogRecordProcessors, createKensaSpanProcessors, withRequestContext } = require('@kensa/processors');
const { NodeHttpHandler } = require('@smithy/node-http-handler');
const http = require('node:http');

context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
const spanExporter = new InMemorySpanExporter();
const batch = () => new BatchSpanProcessor(spanExporter, { maxQueueSize: 8192, scheduledDelayMillis: 200 });
// (b) contrib alone exports through the SDK as a plain setup would; (c) gets the distro's processors too.
const tracerProvider = new BasicTracerProvider({ spanProcessors: [batch()] });
trace.setGlobalTracerProvider(tracerProvider);
class Reader extends MetricReader {
  constructor() {
    super({ aggregationTemporalitySelector: () => AggregationTemporality.DELTA });
  }
  onForceFlush() {
    return Promise.resolve();
  }
  onShutdown() {
    return Promise.resolve();
  }
}
const reader = new Reader();
const meterProvider = new MeterProvider({ readers: [reader] });
const logExporter = new InMemoryLogRecordExporter();
const batchLogs = () => new BatchLogRecordProcessor({ exporter: logExporter, maxQueueSize: 8192, scheduledDelayMillis: 200 });
const loggerProvider = new LoggerProvider({ processors: [batchLogs()] });

// BENCH_NO_PROCESSORS=1 measures the instrumentation alone (for attributing the cost).
const kensaTracerProvider = process.env.BENCH_NO_PROCESSORS
  ? tracerProvider
  : new BasicTracerProvider({ spanProcessors: [...createKensaSpanProcessors({ meterProvider }), batch()] });
// (c)'s log records go through the distro's log processor too (the request's ids on every record).
const kensaLoggerProvider = process.env.BENCH_NO_PROCESSORS
  ? loggerProvider
  : new LoggerProvider({ processors: [...createKensaLogRecordProcessors(), batchLogs()] });
const kensaConfig = { enabled: false, ...(process.env.BENCH_NO_LOGS ? { emitLogRecords: false } : {}) };
const kensa = new BedrockInstrumentation(kensaConfig);
const contrib = new AwsInstrumentation({ enabled: false });
registerInstrumentations({ instrumentations: [], tracerProvider, meterProvider, loggerProvider });
for (const i of [kensa, contrib]) i.setMeterProvider(meterProvider);
kensa.setLoggerProvider(kensaLoggerProvider);
contrib.setLoggerProvider(loggerProvider);
// contrib's own spans in (c) are those of other AWS clients (Kensa keeps it off Bedrock's), none here.
kensa.setTracerProvider(kensaTracerProvider);
contrib.setTracerProvider(tracerProvider);
// Hooks must be in place before the SDK is required, as with `--require`; then switched per variant.
kensa.enable();
contrib.enable();
const sdk = require('@aws-sdk/client-bedrock-runtime');
kensa.disable();
contrib.disable();

// The app's own span for the user message the call belongs to, from the variant's provider.
const appTracer = tracerProvider.getTracer('manga-assist');
const kensaAppTracer = kensaTracerProvider.getTracer('manga-assist');
let activeAppTracer = appTracer;

// The floor's own pipeline: a plain batch processor, the same meter and logger providers.
const floorTracerProvider = new BasicTracerProvider({ spanProcessors: [batch()] });
const floorTracer = floorTracerProvider.getTracer('floor');
const floorMeter = meterProvider.getMeter('floor');
const floorLogger = loggerProvider.getLogger('floor');
/** What (c) writes for one call, by operation (captured once, before timing): see captureKensaOutput. */
const floorOutput = new Map();
let floorMode = false;

const VARIANTS = {
  none: () => {},
  contrib: () => contrib.enable(),
  kensa: () => {
    kensa.enable();
    contrib.enable();
    activeAppTracer = kensaAppTracer;
  },
  floor: () => {
    floorMode = true;
    activeAppTracer = floorTracer;
  },
  // Attribution sides, run only when named in BENCH_VARIANTS (e.g. none,contrib,kensa,kensa_no_logs):
  // (c) less one part, in the same rounds as (c), so the difference is that part's cost. Comparing
  // separate processes (BENCH_NO_PROCESSORS, BENCH_NO_LOGS) cannot resolve parts under ~10 µs.
  kensa_no_processors: () => {
    kensa.setTracerProvider(tracerProvider);
    kensa.setLoggerProvider(loggerProvider);
    attributing = true;
    kensa.enable();
    contrib.enable();
  },
  kensa_no_logs: () => {
    kensa.setConfig({ ...kensaConfig, emitLogRecords: false });
    attributing = true;
    VARIANTS.kensa();
  },
  kensa_no_contrib: () => {
    kensa.enable();
    activeAppTracer = kensaAppTracer;
  },
};
const DEFAULT_VARIANTS = ['none', 'contrib', 'kensa', 'floor'];
let attributing = false;
function reset() {
  kensa.disable();
  contrib.disable();
  floorMode = false;
  activeAppTracer = appTracer;
  if (attributing) {
    kensa.setTracerProvider(kensaTracerProvider);
    kensa.setLoggerProvider(kensaLoggerProvider);
    kensa.setConfig(kensaConfig);
    attributing = false;
  }
}

/**
 * Runs one call of each non-streaming operation through (c) and keeps what it produced: the Kensa
 * span's name and attributes, the root span's added attributes, every metric point (instrument,
 * value, attributes) and the log record.
 */
async function captureKensaOutput(client) {
  const commands = {
    InvokeModel: () => new sdk.InvokeModelCommand({ modelId: 'anthropic.claude-3-haiku-20240307-v1:0', body: claudeBody }),
    Converse: () => new sdk.ConverseCommand(converseInput),
  };
  const instruments = new Map();
  const instrumentFor = (descriptor) => {
    let instrument = instruments.get(descriptor.name);
    if (!instrument) {
      const options = { unit: descriptor.unit, valueType: descriptor.valueType, advice: descriptor.advice };
      instrument = descriptor.type === 'COUNTER' ? floorMeter.createCounter(descriptor.name, options) : floorMeter.createHistogram(descriptor.name, options);
      instruments.set(descriptor.name, instrument);
    }
    return instrument;
  };
  reset();
  VARIANTS.kensa();
  for (const [operation, command] of Object.entries(commands)) {
    await reader.collect();
    spanExporter.reset();
    logExporter.reset();
    await inRequest(0, () => client.send(command()));
    await kensaTracerProvider.forceFlush();
    await kensaLoggerProvider.forceFlush();
    const spans = spanExporter.getFinishedSpans();
    const call = spans.find((s) => s.name !== 'chat.message');
    const root = spans.find((s) => s.name === 'chat.message');
    const [log] = logExporter.getFinishedLogRecords();
    const points = [];
    for (const scope of (await reader.collect()).resourceMetrics.scopeMetrics) {
      for (const metric of scope.metrics) {
        // An asynchronous instrument's points are read at collection, not written per call.
        if (metric.descriptor.type.startsWith('OBSERVABLE')) continue;
        for (const point of metric.dataPoints) {
          const value = typeof point.value === 'number' ? point.value : point.value.sum;
          points.push({ instrument: instrumentFor(metric.descriptor), histogram: metric.descriptor.type !== 'COUNTER', value, attributes: point.attributes });
        }
      }
    }
    if (!call || !root || !log) throw new Error(`capturing (c)'s output for ${operation}: missing span or log record`);
    floorOutput.set(operation, {
      name: call.name,
      attributes: call.attributes,
      root: root.attributes,
      points,
      log: { eventName: log.eventName, severityNumber: log.severityNumber, severityText: log.severityText, attributes: log.attributes },
    });
  }
  reset();
  spanExporter.reset();
  logExporter.reset();
}

/** The floor's call: Kensa's output for `operation` written around a bare send(), nothing computed. */
async function floorSend(client, operation, command) {
  const out = floorOutput.get(operation);
  const span = floorTracer.startSpan(out.name, { kind: SpanKind.CLIENT });
  try {
    const result = await context.with(trace.setSpan(context.active(), span), () => client.send(command));
    // Fresh objects, as Kensa builds them per call (the metrics SDK keeps a new series' attributes).
    span.setAttributes({ ...out.attributes });
    for (const p of out.points) {
      if (p.histogram) p.instrument.record(p.value, { ...p.attributes });
      else p.instrument.add(p.value, { ...p.attributes });
    }
    floorLogger.emit({
      eventName: out.log.eventName,
      severityNumber: out.log.severityNumber,
      severityText: out.log.severityText,
      context: trace.setSpan(context.active(), span),
      attributes: { ...out.log.attributes },
    });
    trace.getActiveSpan()?.setAttributes({ ...out.root });
    return result;
  } finally {
    span.end();
  }
}

function send(client, operation, command) {
  return floorMode ? floorSend(client, operation, command) : client.send(command);
}

/** Runs `call` as the app does: inside the request's context and its root span (every variant alike). */
// BENCH_NO_REQUEST=1 runs the calls bare, without the request context and root span.
const NO_REQUEST = Boolean(process.env.BENCH_NO_REQUEST);
function inRequest(i, call) {
  if (NO_REQUEST) return call();
  const ids = { sessionId: `session-${i % 500}`, userId: `user-${i % 200}`, requestId: `request-${i}`, turn: i % 12 };
  return withRequestContext(ids, () =>
    activeAppTracer.startActiveSpan('chat.message', (root) => call().finally(() => root.end())),
  );
}

const claudeBody = JSON.stringify({
  anthropic_version: 'bedrock-2023-05-31',
  max_tokens: 512,
  system: 'You are MangaAssist, a helpful assistant for a manga store.',
  messages: [
    { role: 'user', content: 'I liked Berserk.' },
    { role: 'assistant', content: 'Try Vinland Saga.' },
    { role: 'user', content: 'Recommend a manga like One Piece.' },
  ],
});
const converseInput = {
  modelId: 'us.anthropic.claude-3-5-haiku-20241022-v1:0',
  system: [{ text: 'You are MangaAssist, a helpful assistant for a manga store.' }],
  messages: [{ role: 'user', content: [{ text: 'Recommend a manga like One Piece.' }] }],
  inferenceConfig: { maxTokens: 512, temperature: 0.5 },
};

async function pool(n, fn) {
  let next = 0;
  const workers = Array.from({ length: Math.min(CONCURRENCY, n) }, async () => {
    while (next < n) await fn(next++);
  });
  await Promise.all(workers);
}

async function runNonStreaming(client) {
  await pool(CALLS, (i) =>
    inRequest(i, async () => {
      if (i % 2 === 0) {
        const out = await send(client, 'InvokeModel', new sdk.InvokeModelCommand({ modelId: 'anthropic.claude-3-haiku-20240307-v1:0', body: claudeBody }));
        if (!out.body) throw new Error('no body');
      } else {
        const out = await send(client, 'Converse', new sdk.ConverseCommand(converseInput));
        if (!out.output) throw new Error('no output');
      }
    }),
  );
}

/** One streaming call; returns ms from send() until the first content chunk reached this code. */
function streamOnce(client, i) {
  return inRequest(i, () => streamInRequest(client, i));
}

async function streamInRequest(client, i) {
  const started = performance.now();
  let firstMs;
  if (i % 2 === 0) {
    const out = await client.send(new sdk.InvokeModelWithResponseStreamCommand({ modelId: 'anthropic.claude-3-haiku-20240307-v1:0', body: claudeBody }));
    for await (const event of out.body) {
      if (firstMs === undefined && event.chunk) firstMs = performance.now() - started;
    }
  } else {
    const out = await client.send(new sdk.ConverseStreamCommand(converseInput));
    for await (const event of out.stream) {
      if (firstMs === undefined && event.contentBlockDelta) firstMs = performance.now() - started;
    }
  }
  return firstMs;
}

// BENCH_WINDOWS=<file> writes when each measured batch and stream ran ([variant, startUs, endUs,
// calls], on the clock V8's profiler uses; streams as "<variant>:stream"), so a `node --cpu-prof`
// profile of the run can be split by variant:
//   node bench/profile-by-variant.mjs <dir of .cpuprofile> <file>
const WINDOWS_FILE = process.env.BENCH_WINDOWS;
const windows = [];

// BENCH_THREADS=1 also splits each batch's CPU into the main thread and the others (V8's GC and
// compiler helpers, libuv's pool), from /proc/self/task/*/schedstat (Linux).
const THREADS = Boolean(process.env.BENCH_THREADS);
function threadNs() {
  let main = 0;
  let others = 0;
  for (const tid of fs.readdirSync('/proc/self/task')) {
    let ns;
    try {
      ns = Number(fs.readFileSync(`/proc/self/task/${tid}/schedstat`, 'utf8').split(' ')[0]);
    } catch {
      continue; // the thread ended
    }
    if (Number(tid) === process.pid) main += ns;
    else others += ns;
  }
  return { main, others };
}
const threadSplit = {};

function median(values) {
  const s = values.filter((v) => Number.isFinite(v)).sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}

async function main() {
  const child = fork(path.join(__dirname, 'server.cjs'), { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const port = await new Promise((resolve) => child.once('message', (m) => resolve(m.port)));
  const endpoint = `http://127.0.0.1:${port}`;
  const credentials = { accessKeyId: 'AKIDBENCH', secretAccessKey: 'bench' };
  const newClient = () =>
    new sdk.BedrockRuntimeClient({
      endpoint,
      region: 'us-east-1',
      credentials,
      maxAttempts: 1,
      requestHandler: new NodeHttpHandler({ httpAgent: new http.Agent({ keepAlive: true, maxSockets: CONCURRENCY }) }),
    });
  const names = process.env.BENCH_VARIANTS ? process.env.BENCH_VARIANTS.split(',') : DEFAULT_VARIANTS;
  const unknown = names.filter((n) => !Object.hasOwn(VARIANTS, n));
  if (unknown.length > 0) throw new Error(`BENCH_VARIANTS: unknown ${unknown.join(', ')}; known: ${Object.keys(VARIANTS).join(', ')}`);
  const perCall = Object.fromEntries(names.map((n) => [n, []]));
  const spansPerCall = {};
  // The floor replays non-streaming calls only; streams run none, contrib and kensa.
  const streamNames = names.filter((n) => n !== 'floor');
  const streamCpu = Object.fromEntries(streamNames.map((n) => [n, []]));
  const firstChunk = Object.fromEntries(streamNames.map((n) => [n, []]));
  if (names.includes('floor')) {
    const client = newClient();
    await captureKensaOutput(client);
    client.destroy();
    for (const [operation, out] of floorOutput) {
      const count = (o) => Object.keys(o).length;
      console.log(`floor replays for ${operation}: ${count(out.attributes)} span attributes, ${count(out.root)} root attributes, ${out.points.length} metric points, a log record with ${count(out.log.attributes)} attributes`);
    }
  }
  const began = performance.now();
  const clients = {};

  // Non-streaming: batches per variant, interleaved rounds with the order rotated.
  for (let round = 0; round < WARMUP_ROUNDS + ROUNDS; round++) {
    const measured = round >= WARMUP_ROUNDS;
    const order = names.map((_, i) => names[(i + round) % names.length]);
    for (const name of order) {
      reset();
      VARIANTS[name]();
      // One long-lived client per variant, as an app keeps its client. Instrumentations patch a
      // client's middleware stack on its first call, so a variant's client only ever runs under that
      // variant.
      const client = (clients[name] ??= newClient());
      await client.send(new sdk.ConverseCommand(converseInput)); // connect outside the measurement
      // A minor GC only, so no batch inherits the previous one's young garbage. A full GC here
      // would throw away the optimised code of every SDK function whose code embeds objects that
      // died (V8's "weak objects" deopt): each batch would then re-optimise hundreds of functions,
      // about 0.45 ms of compiler-thread CPU per call at 500 calls a batch, and measure mostly the JIT.
      if (global.gc) global.gc({ type: 'minor' });
      const startedUs = process.hrtime.bigint() / 1000n;
      const threadsBefore = THREADS ? threadNs() : undefined;
      const cpu = process.cpuUsage();
      await runNonStreaming(client);
      const used = process.cpuUsage(cpu);
      if (measured && threadsBefore) {
        const after = threadNs();
        (threadSplit[name] ??= { main: [], others: [] }).main.push((after.main - threadsBefore.main) / 1000 / CALLS);
        threadSplit[name].others.push((after.others - threadsBefore.others) / 1000 / CALLS);
      }
      if (measured && WINDOWS_FILE) windows.push([name, Number(startedUs), Number(process.hrtime.bigint() / 1000n), CALLS]);
      if (measured) perCall[name].push((used.user + used.system) / CALLS);
      // Proof each variant did what it claims (outside the measurement): the app's root span per call,
      // plus contrib's span in (b) and Kensa's in (c).
      await tracerProvider.forceFlush();
      await kensaTracerProvider.forceFlush();
      await floorTracerProvider.forceFlush();
      if (round === WARMUP_ROUNDS) spansPerCall[name] = spanExporter.getFinishedSpans().length / (CALLS + 1);
      spanExporter.reset();
      logExporter.reset();
      await reader.collect();
    }
    if (measured) console.log(`round ${round - WARMUP_ROUNDS + 1}/${ROUNDS}: cpu per call ${names.map((n) => `${n}=${perCall[n].at(-1).toFixed(1)}µs`).join(' ')}`);
  }
  if (THREADS) console.log(`cpu per call by thread (median of rounds): ${names.map((n) => `${n} main=${median(threadSplit[n].main).toFixed(1)}µs others=${median(threadSplit[n].others).toFixed(1)}µs`).join('; ')}`);
  console.log(`spans per call: ${names.map((n) => `${n}=${spansPerCall[n]?.toFixed(2)}`).join(' ')}`);

  // Streaming: one client per variant; batches of STREAM_BATCH streams, the variants' batches back to
  // back with the order rotated, CPU measured per batch. Per-stream CPU figures (as this measured
  // before) swing by 2x between runs: a scavenge or a timer lands in a few streams and moves the mean.
  // Stream k of a batch is the same request in every variant, so first chunks still pair up per stream.
  const streamClients = Object.fromEntries(streamNames.map((n) => [n, newClient()]));
  for (let b = -2; b < STREAM_BATCHES; b++) {
    const order = streamNames.map((_, k) => streamNames[(k + b + 2) % streamNames.length]);
    for (const name of order) {
      reset();
      VARIANTS[name]();
      if (global.gc) global.gc({ type: 'minor' });
      const startedUs = process.hrtime.bigint() / 1000n;
      const cpu = process.cpuUsage();
      const firsts = [];
      for (let j = 0; j < STREAM_BATCH; j++) firsts.push(await streamOnce(streamClients[name], b * STREAM_BATCH + j));
      const used = process.cpuUsage(cpu);
      if (b >= 0 && WINDOWS_FILE) windows.push([`${name}:stream`, Number(startedUs), Number(process.hrtime.bigint() / 1000n), STREAM_BATCH]);
      if (b >= 0) {
        streamCpu[name].push((used.user + used.system) / STREAM_BATCH);
        for (const first of firsts) firstChunk[name].push(first ?? Number.NaN);
      }
    }
    spanExporter.reset();
    logExporter.reset();
    await reader.collect();
  }
  for (const c of [...Object.values(streamClients), ...Object.values(clients)]) c.destroy();
  if (WINDOWS_FILE) fs.writeFileSync(WINDOWS_FILE, JSON.stringify(windows));
  reset();
  child.disconnect();

  const nonStreaming = ROUNDS * CALLS;
  const cpuNs = Object.fromEntries(names.map((n) => [n, median(perCall[n])]));
  const cpuS = Object.fromEntries(streamNames.map((n) => [n, median(streamCpu[n])]));
  const ttfc = Object.fromEntries(streamNames.map((n) => [n, median(firstChunk[n])]));
  const fmt = (o, unit) => Object.keys(o).map((n) => `${n}=${o[n].toFixed(unit === 'ms' ? 3 : 1)}${unit}`).join(' ');
  console.log(`calls per variant: ${nonStreaming} InvokeModel/Converse (concurrency ${CONCURRENCY}) + ${STREAMS_RUN} streaming (batches of ${STREAM_BATCH}); ${names.length} variants; ${((performance.now() - began) / 1000).toFixed(1)} s`);
  console.log(`cpu per non-streaming call (median of rounds): ${fmt(cpuNs, 'µs')}`);
  console.log(`cpu per streaming call (median of batches): ${fmt(cpuS, 'µs')}`);
  console.log(`first chunk p50: ${fmt(ttfc, 'ms')}`);
  if (!(names.includes('none') && names.includes('contrib') && names.includes('kensa'))) return;
  // Added CPU per call: the median of per-round (per-batch) differences against the uninstrumented
  // batch, non-streaming and streaming apart, weighted by how many calls of each kind ran.
  const paired = (name) => median(differences(perCall, name));
  const added = (name) => {
    const ns = paired(name);
    const st = median(differences(streamCpu, name));
    console.log(`added cpu per call, ${name}: non-streaming ${ns.toFixed(1)}µs, streaming ${st.toFixed(1)}µs`);
    return weighted(ns, st, nonStreaming, STREAMS_RUN);
  };
  const addedContrib = added('contrib');
  const addedKensa = added('kensa');
  if (names.includes('floor')) {
    // Non-streaming only, so set against contrib's and Kensa's non-streaming figures.
    const floor = paired('floor');
    console.log(`added cpu per call, floor (Kensa's output replayed, no logic): non-streaming ${floor.toFixed(1)}µs`);
    console.log(`non-streaming vs contrib: floor ${(floor / paired('contrib')).toFixed(2)}, kensa ${(paired('kensa') / paired('contrib')).toFixed(2)}`);
  }
  // How far the ratio can be trusted: on a shared 2-core VM the CPU a batch of identical calls
  // takes moves by 10-20% from batch to batch, so the same code measures differently from run
  // to run. A bootstrap over the rounds (and stream batches), each resample paired as measured.
  const [low, high] = bootstrapRatio(perCall, streamCpu, nonStreaming, STREAMS_RUN);
  console.log(`kensa_vs_contrib_overhead_ratio 95% interval (bootstrap over rounds): ${low.toFixed(2)}-${high.toFixed(2)}`);
  // Paired too: each stream ran uninstrumented and instrumented back to back.
  const delay = median(firstChunk.kensa.map((v, k) => v - firstChunk.none[k]).filter((v) => Number.isFinite(v)));
  console.log(`added_cpu_us_per_call contrib=${addedContrib.toFixed(1)} kensa=${addedKensa.toFixed(1)}`);
  console.log(`first_chunk_delay_ms_p50: ${delay.toFixed(3)}`);
  console.log(`kensa_vs_contrib_overhead_ratio: ${(addedKensa / addedContrib).toFixed(2)}`);
}

/** Per-round (per-batch) differences of a variant against the uninstrumented batch of the same round. */
function differences(series, name) {
  return series[name].map((v, i) => v - series.none[i]);
}

/** Added CPU per call over both kinds: the non-streaming and streaming figures weighted by how many calls of each ran. */
function weighted(nonStreamingUs, streamingUs, nonStreaming, streams) {
  return (nonStreamingUs * nonStreaming + streamingUs * streams) / (nonStreaming + streams);
}

/** 2.5th and 97.5th percentiles of the overhead ratio over resampled rounds and stream batches. */
function bootstrapRatio(perCall, streamCpu, nonStreaming, streams, resamples = 2000) {
  // A fixed-seed generator (mulberry32), so a run's interval does not move when it is re-printed.
  let seed = 0x6b656e73;
  const random = () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const ns = { contrib: differences(perCall, 'contrib'), kensa: differences(perCall, 'kensa') };
  const st = { contrib: differences(streamCpu, 'contrib'), kensa: differences(streamCpu, 'kensa') };
  const pick = (n) => Array.from({ length: n }, () => Math.floor(random() * n));
  const ratios = [];
  for (let r = 0; r < resamples; r++) {
    const rounds = pick(ns.kensa.length);
    const batches = pick(st.kensa.length);
    // No stream batches means no streams run (`streams` is 0 then).
    const added = (name) => weighted(median(rounds.map((i) => ns[name][i])), batches.length ? median(batches.map((i) => st[name][i])) : 0, nonStreaming, streams);
    ratios.push(added('kensa') / added('contrib'));
  }
  ratios.sort((a, b) => a - b);
  return [ratios[Math.floor(0.025 * resamples)], ratios[Math.floor(0.975 * resamples)]];
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
