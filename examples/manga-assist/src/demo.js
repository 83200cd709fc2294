'use strict';
// The demo: starts the local backends, runs the orchestrator under the Kensa distro (exactly as a
// user would: node --require @kensa/node/register), sends about a minute of mixed traffic with a
// short burst of every fault, stops the app (which flushes its telemetry), then prints the
// troubleshooting report and writes report.html.
//
// Settings: DEMO_DURATION_MS (default 60000), DEMO_CONCURRENCY (4), KENSA_EXPORT_DIR (default
// ./kensa-telemetry at the repository root, emptied first), DEMO_REPORT_HTML (./report.html).

const { rmSync, mkdirSync } = require('node:fs');
const { join, resolve } = require('node:path');
const { startStack, runKensa } = require('./harness');
const { runMixed } = require('./traffic');

const repoRoot = resolve(__dirname, '..', '..', '..');

function positiveInt(value, fallback) {
  const n = Number.parseInt(value ?? '', 10);
  return Number.isFinite(n) && n > 0 ? n : fallback;
}

async function main() {
  const durationMs = positiveInt(process.env.DEMO_DURATION_MS, 60_000);
  const concurrency = positiveInt(process.env.DEMO_CONCURRENCY, 4);
  const exportDir = resolve(process.env.KENSA_EXPORT_DIR || join(repoRoot, 'kensa-telemetry'));
  const htmlPath = resolve(process.env.DEMO_REPORT_HTML || join(repoRoot, 'report.html'));
  rmSync(exportDir, { recursive: true, force: true });
  mkdirSync(exportDir, { recursive: true });

  const stack = await startStack({ exportDir });
  try {
    process.stdout.write(`demo: sending ${Math.round(durationMs / 1000)} s of mixed traffic (${concurrency} concurrent sessions)\n`);
    const results = await runMixed({
      app: stack.app,
      backends: stack.backends,
      durationMs,
      concurrency,
      onPhase: (phase, scenario) => process.stdout.write(`demo: phase ${phase}: ${scenario.injects}\n`),
    });
    process.stdout.write(`demo: ${results.reduce((n, r) => n + r.requests, 0)} requests sent\n`);
  } finally {
    await stack.stop();
  }

  process.stdout.write(`demo: telemetry written to ${exportDir} (traces.jsonl, metrics.jsonl, logs.jsonl)\n\n`);
  // Six-second windows: the default five minutes would give a one-minute run a single point per chart.
  await runKensa(['report', exportDir, '--html', htmlPath, '--window', '0.1']);
  process.stdout.write(`\ndemo: HTML report written to ${htmlPath}\n`);
}

main().catch((err) => {
  process.stderr.write(`demo failed: ${err.stack || err}\n`);
  process.exitCode = 1;
});
