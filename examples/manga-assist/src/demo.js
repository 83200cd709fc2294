'use strict';
// The demo: starts the local backends, runs the orchestrator under the Kensa distro (exactly as a
// user would: node --require @kensa/node/register), sends about a minute of mixed traffic with a
// short burst of every fault, stops the app (which flushes its telemetry), then prints the
// troubleshooting report and writes report.html.
//
// Settings: DEMO_DURATION_MS (default 60000), DEMO_CONCURRENCY (4), KENSA_EXPORT_DIR (default
// ./kensa-telemetry at the repository root, emptied first), DEMO_REPORT_HTML (./report.html).

const { fork, spawn } = require('node:child_process');
const { rmSync, mkdirSync } = require('node:fs');
const { dirname, join, resolve } = require('node:path');
const { startLocalBackends } = require('./backends');
const { AppClient, runMixed } = require('./traffic');

const repoRoot = resolve(__dirname, '..', '..', '..');

function positiveInt(value, fallback) {
  const n = Number.parseInt(value ?? '', 10);
  return Number.isFinite(n) && n > 0 ? n : fallback;
}

/** Starts the app under the distro and resolves once it listens. */
function startApp(env) {
  const child = fork(join(__dirname, 'main.js'), [], {
    execArgv: ['--require', '@kensa/node/register'],
    env,
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  return new Promise((resolveStart, reject) => {
    child.once('error', reject);
    child.once('exit', (code) => reject(new Error(`manga-assist exited during start-up (code ${code})`)));
    child.on('message', (msg) => {
      if (msg?.type === 'listening') {
        child.removeAllListeners('exit');
        resolveStart({ child, port: msg.port });
      }
    });
  });
}

function stopApp(child, timeoutMs = 15_000) {
  return new Promise((done) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.once('exit', () => {
      clearTimeout(timer);
      done();
    });
    child.kill('SIGTERM');
  });
}

function kensaBin() {
  const pkgPath = require.resolve('@kensa/cli/package.json');
  const bin = require(pkgPath).bin;
  return join(dirname(pkgPath), typeof bin === 'string' ? bin : bin.kensa);
}

function runReport(exportDir, htmlPath) {
  return new Promise((done, reject) => {
    const child = spawn(process.execPath, [kensaBin(), 'report', exportDir, '--html', htmlPath], { stdio: 'inherit' });
    child.once('error', reject);
    child.once('exit', (code) => (code === 0 ? done() : reject(new Error(`kensa report exited with code ${code}`))));
  });
}

async function main() {
  const durationMs = positiveInt(process.env.DEMO_DURATION_MS, 60_000);
  const concurrency = positiveInt(process.env.DEMO_CONCURRENCY, 4);
  const exportDir = resolve(process.env.KENSA_EXPORT_DIR || join(repoRoot, 'kensa-telemetry'));
  const htmlPath = resolve(process.env.DEMO_REPORT_HTML || join(repoRoot, 'report.html'));
  rmSync(exportDir, { recursive: true, force: true });
  mkdirSync(exportDir, { recursive: true });

  const backends = await startLocalBackends({ dynamodb: true, opensearch: true, bedrock: true, seed: 7 });
  let app;
  try {
    app = await startApp({
      ...process.env,
      PORT: '0',
      OTEL_SERVICE_NAME: process.env.OTEL_SERVICE_NAME || 'manga-assist',
      OTEL_RESOURCE_ATTRIBUTES: process.env.OTEL_RESOURCE_ATTRIBUTES || 'deployment.environment.name=demo',
      KENSA_EXPORT_DIR: exportDir,
      // Short metric period so a one-minute run exports several metric points.
      OTEL_METRIC_EXPORT_INTERVAL: process.env.OTEL_METRIC_EXPORT_INTERVAL || '10000',
      DYNAMODB_ENDPOINT: backends.endpoints.dynamodb,
      OPENSEARCH_URL: backends.endpoints.opensearch,
      BEDROCK_ENDPOINT: backends.endpoints.bedrock,
      MANGA_ASSIST_ALLOW_FAULTS: 'true',
    });
    const client = new AppClient(`ws://127.0.0.1:${app.port}`);
    process.stdout.write(`demo: sending ${Math.round(durationMs / 1000)} s of mixed traffic (${concurrency} concurrent sessions)\n`);
    const results = await runMixed({
      app: client,
      backends: { bedrock: backends.bedrock, search: backends.search },
      durationMs,
      concurrency,
      onPhase: (phase, scenario) => process.stdout.write(`demo: phase ${phase}: ${scenario.injects}\n`),
    });
    const total = results.reduce((n, r) => n + r.requests, 0);
    process.stdout.write(`demo: ${total} requests sent\n`);
  } finally {
    if (app) await stopApp(app.child);
    await backends.close();
  }

  process.stdout.write(`demo: telemetry written to ${exportDir} (traces.jsonl, metrics.jsonl, logs.jsonl)\n\n`);
  await runReport(exportDir, htmlPath);
  process.stdout.write(`\ndemo: HTML report written to ${htmlPath}\n`);
}

main().catch((err) => {
  process.stderr.write(`demo failed: ${err.stack || err}\n`);
  process.exitCode = 1;
});
