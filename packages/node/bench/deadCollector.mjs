// Does an unreachable collector slow the application down or grow its memory?
// Runs the burst fixture (N spans, yielding between chunks like a server) under the register entry
// with a healthy OTLP/gRPC collector (a local server that accepts and discards every export), with a
// dead OTLP/gRPC endpoint (connection refused), and with the SDK disabled,
// alternating runs, and prints medians and the dead/healthy ratio side by side.
//   node packages/node/bench/deadCollector.mjs [spans=200000] [rounds=5]
import { spawn } from 'node:child_process';
import * as grpc from '@grpc/grpc-js';
import { createServer } from 'node:net';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..', '..', '..');
const fixture = join(here, '..', 'test', 'fixtures', 'burst.cjs');
const spans = Number(process.argv[2] ?? 200_000);
const rounds = Number(process.argv[3] ?? 5);

const deadPort = await new Promise((resolve) => {
  const s = createServer().listen(0, '127.0.0.1', () => {
    const { port } = s.address();
    s.close(() => resolve(port));
  });
});
// Accepts exports without decoding them: the cheapest possible healthy collector.
const collector = new grpc.Server();
const accept = (_call, cb) => cb(null, Buffer.alloc(0));
for (const signal of ['trace.v1.TraceService', 'metrics.v1.MetricsService', 'logs.v1.LogsService']) {
  collector.register(`/opentelemetry.proto.collector.${signal}/Export`, accept, (b) => b, (b) => b, 'unary');
}
const livePort = await new Promise((resolve, reject) =>
  collector.bindAsync('127.0.0.1:0', grpc.ServerCredentials.createInsecure(), (err, port) => (err ? reject(err) : resolve(port))),
);
const common = { PATH: process.env.PATH, FIXTURE_SPANS: String(spans), OTEL_METRICS_EXPORTER: 'none', OTEL_LOGS_EXPORTER: 'none', KENSA_SHUTDOWN_TIMEOUT_MS: '1000' };
const modes = {
  healthy: { ...common, OTEL_EXPORTER_OTLP_ENDPOINT: `http://127.0.0.1:${livePort}` },
  dead: { ...common, OTEL_EXPORTER_OTLP_ENDPOINT: `http://127.0.0.1:${deadPort}`, OTEL_LOG_LEVEL: 'none' },
  disabled: { ...common, OTEL_SDK_DISABLED: 'true' },
};

const results = Object.fromEntries(Object.keys(modes).map((m) => [m, []]));
for (let r = 0; r < rounds; r++) {
  for (const [mode, env] of Object.entries(modes)) {
    // Asynchronous spawn: the collector lives in this process and must keep answering.
    const run = await new Promise((resolve) => {
      const child = spawn(process.execPath, ['--expose-gc', '--require', '@kensa/node/register', fixture], { cwd: root, env });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (d) => (stdout += d));
      child.stderr.on('data', (d) => (stderr += d));
      child.on('exit', () => resolve({ stdout, stderr }));
    });
    const line = run.stdout.split('\n').find((l) => l.startsWith('{'));
    if (!line) throw new Error(`${mode}: no result\n${run.stderr}`);
    results[mode].push(JSON.parse(line));
  }
}
collector.forceShutdown();

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const summary = Object.fromEntries(
  Object.entries(results).map(([mode, runs]) => [mode, { ms: median(runs.map((x) => x.ms)), heapMB: median(runs.map((x) => x.heapGrowth)) / 2 ** 20 }]),
);
console.log(`${spans} spans, median of ${rounds} alternating runs (node ${process.version})`);
for (const [mode, s] of Object.entries(summary)) {
  console.log(`  ${mode.padEnd(8)} ${String(s.ms).padStart(6)} ms   heap growth ${s.heapMB.toFixed(1)} MB`);
}
console.log(`  dead/healthy time ratio: ${(summary.dead.ms / summary.healthy.ms).toFixed(2)}`);
