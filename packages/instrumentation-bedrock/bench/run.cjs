'use strict';
/**
 * Side-by-side benchmark of Bedrock calls against the local wire-protocol server, in one process,
 * interleaving rounds of: (a) no instrumentation, (b) @opentelemetry/instrumentation-aws-sdk alone,
 * (c) Kensa's BedrockInstrumentation + contrib as the distro configures them. Measures CPU time per
 * call (process.cpuUsage) and how much later the app sees the first stream chunk.
 *
 *   npm run bench -w @kensa/instrumentation-bedrock
 *   BENCH_ROUNDS=7 BENCH_CALLS=1000 BENCH_STREAMS=100 BENCH_CONCURRENCY=8 (defaults): 21,000
 *   non-streaming and 2,100 streaming calls in all, a third per variant. Streams run one at a time so
 *   the first-chunk time is the call's own latency, not time spent queued behind other calls.
 *   BENCH_VARIANTS=none,kensa limits the variants (for profiling with --cpu-prof).
 */
const { fork } = require('node:child_process');
const path = require('node:path');
const { performance } = require('node:perf_hooks');

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 7);
const CALLS = Number(process.env.BENCH_CALLS ?? 1000); // non-streaming per round per variant
const STREAMS = Number(process.env.BENCH_STREAMS ?? 100); // streaming per round per variant
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 8);
const WARMUP_ROUNDS = 1;

// Telemetry pipeline as the distro builds it, with in-memory exporters.
const { trace, context } = require('@opentelemetry/api');
const { AsyncLocalStorageContextManager } = require('@opentelemetry/context-async-hooks');
const { BasicTracerProvider, BatchSpanProcessor, InMemorySpanExporter } = require('@opentelemetry/sdk-trace-base');
const { MeterProvider, MetricReader, AggregationTemporality } = require('@opentelemetry/sdk-metrics');
const { LoggerProvider, BatchLogRecordProcessor, InMemoryLogRecordExporter } = require('@opentelemetry/sdk-logs');
const { registerInstrumentations } = require('@opentelemetry/instrumentation');
const { AwsInstrumentation } = require('@opentelemetry/instrumentation-aws-sdk');
const { BedrockInstrumentation } = require('../dist/index.js');

context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
const spanExporter = new InMemorySpanExporter();
const tracerProvider = new BasicTracerProvider({ spanProcessors: [new BatchSpanProcessor(spanExporter, { maxQueueSize: 8192, scheduledDelayMillis: 200 })] });
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
const loggerProvider = new LoggerProvider({ processors: [new BatchLogRecordProcessor({ exporter: logExporter, maxQueueSize: 8192, scheduledDelayMillis: 200 })] });

const kensa = new BedrockInstrumentation({ enabled: false });
const contrib = new AwsInstrumentation({ enabled: false });
registerInstrumentations({ instrumentations: [], tracerProvider, meterProvider, loggerProvider });
for (const i of [kensa, contrib]) {
  i.setTracerProvider(tracerProvider);
  i.setMeterProvider(meterProvider);
  i.setLoggerProvider(loggerProvider);
}
// Hooks must be in place before the SDK is required, as with `--require`; then switched per variant.
kensa.enable();
contrib.enable();
const sdk = require('@aws-sdk/client-bedrock-runtime');
kensa.disable();
contrib.disable();

const VARIANTS = {
  none: () => {},
  contrib: () => contrib.enable(),
  kensa: () => {
    kensa.enable();
    contrib.enable();
  },
};
function reset() {
  kensa.disable();
  contrib.disable();
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
  await pool(CALLS, async (i) => {
    if (i % 2 === 0) {
      const out = await client.send(new sdk.InvokeModelCommand({ modelId: 'anthropic.claude-3-haiku-20240307-v1:0', body: claudeBody }));
      if (!out.body) throw new Error('no body');
    } else {
      const out = await client.send(new sdk.ConverseCommand(converseInput));
      if (!out.output) throw new Error('no output');
    }
  });
}

async function runStreaming(client, firstChunkMs) {
  for (let i = 0; i < STREAMS; i++) {
    const started = performance.now();
    let first = true;
    if (i % 2 === 0) {
      const out = await client.send(new sdk.InvokeModelWithResponseStreamCommand({ modelId: 'anthropic.claude-3-haiku-20240307-v1:0', body: claudeBody }));
      for await (const event of out.body) {
        if (first && event.chunk) {
          firstChunkMs.push(performance.now() - started);
          first = false;
        }
      }
    } else {
      const out = await client.send(new sdk.ConverseStreamCommand(converseInput));
      for await (const event of out.stream) {
        if (first && event.contentBlockDelta) {
          firstChunkMs.push(performance.now() - started);
          first = false;
        }
      }
    }
  }
}

function median(values) {
  const s = [...values].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}

async function main() {
  const child = fork(path.join(__dirname, 'server.cjs'), { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const port = await new Promise((resolve) => child.once('message', (m) => resolve(m.port)));
  const endpoint = `http://127.0.0.1:${port}`;
  const credentials = { accessKeyId: 'AKIDBENCH', secretAccessKey: 'bench' };
  const names = process.env.BENCH_VARIANTS ? process.env.BENCH_VARIANTS.split(',') : Object.keys(VARIANTS);
  const perCall = Object.fromEntries(names.map((n) => [n, []]));
  const firstChunk = Object.fromEntries(names.map((n) => [n, []]));
  const began = performance.now();

  for (let round = 0; round < WARMUP_ROUNDS + ROUNDS; round++) {
    const measured = round >= WARMUP_ROUNDS;
    // Rotate the order so no variant always runs first (cold) or last.
    const order = names.map((_, i) => names[(i + round) % names.length]);
    for (const name of order) {
      reset();
      VARIANTS[name]();
      // A fresh client per variant and round: instrumentations patch a client's middleware stack on first use.
      const client = new sdk.BedrockRuntimeClient({ endpoint, region: 'us-east-1', credentials, maxAttempts: 1 });
      await client.send(new sdk.ConverseCommand(converseInput)); // connect outside the measurement
      if (global.gc) global.gc();
      const chunks = [];
      const cpu = process.cpuUsage();
      await runNonStreaming(client);
      await runStreaming(client, chunks);
      const used = process.cpuUsage(cpu);
      client.destroy();
      if (measured) {
        perCall[name].push((used.user + used.system) / (CALLS + STREAMS));
        firstChunk[name].push(...chunks);
      }
      spanExporter.reset();
      logExporter.reset();
      await reader.collect();
    }
    if (measured) {
      const line = names.map((n) => `${n}=${perCall[n].at(-1).toFixed(1)}µs`).join(' ');
      console.log(`round ${round - WARMUP_ROUNDS + 1}/${ROUNDS}: cpu per call ${line}`);
    }
  }
  reset();
  child.disconnect();

  const cpu = Object.fromEntries(names.map((n) => [n, median(perCall[n])]));
  const ttfc = Object.fromEntries(names.map((n) => [n, median(firstChunk[n])]));
  if (names.length < 3) return;
  const addedContrib = cpu.contrib - cpu.none;
  const addedKensa = cpu.kensa - cpu.none;
  const calls = ROUNDS * (CALLS + STREAMS);
  for (const n of names) console.log(`${n}: median cpu per call ${cpu[n].toFixed(1)}µs, first chunk p50 ${ttfc[n]?.toFixed(3)}ms`);
  console.log(`calls per variant: ${calls} (${ROUNDS * CALLS} InvokeModel/Converse, ${ROUNDS * STREAMS} streaming), concurrency ${CONCURRENCY}, ${((performance.now() - began) / 1000).toFixed(1)} s`);
  console.log(`median cpu per call: none=${cpu.none.toFixed(1)}µs contrib=${cpu.contrib.toFixed(1)}µs kensa+contrib=${cpu.kensa.toFixed(1)}µs`);
  console.log(`first chunk p50: none=${ttfc.none.toFixed(3)}ms contrib=${ttfc.contrib.toFixed(3)}ms kensa+contrib=${ttfc.kensa.toFixed(3)}ms`);
  console.log(`added_cpu_us_per_call contrib=${addedContrib.toFixed(1)} kensa=${addedKensa.toFixed(1)}`);
  console.log(`first_chunk_delay_ms_p50: ${(ttfc.kensa - ttfc.none).toFixed(3)}`);
  console.log(`kensa_vs_contrib_overhead_ratio: ${(addedKensa / addedContrib).toFixed(2)}`);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
