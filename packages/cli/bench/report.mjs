// Benchmark: 1M spans of generated telemetry through `kensa report --json` in a child process.
// Prints, side by side, the floor (the same file through readline + JSON.parse and nothing else)
// so the number can be judged on a loaded machine. Last lines: peak_rss_mb and spans_per_second.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeTelemetry } from '../dist/index.mjs';

const spansWanted = Number(process.env.KENSA_BENCH_SPANS ?? 1_000_000);
const requests = Math.ceil(spansWanted / 8);
const bin = fileURLToPath(new URL('../dist/bin.js', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'kensa-bench-'));

function floor(file) {
  return new Promise((resolve) => {
    const t0 = process.hrtime.bigint();
    const cpu0 = process.cpuUsage();
    let spans = 0;
    const rl = createInterface({ input: createReadStream(file, { highWaterMark: 1 << 20 }), crlfDelay: Infinity });
    rl.on('line', (line) => {
      const d = JSON.parse(line);
      for (const rs of d.resourceSpans) for (const ss of rs.scopeSpans) spans += ss.spans.length;
    });
    rl.on('close', () => {
      const cpu = process.cpuUsage(cpu0);
      resolve({ spans, seconds: Number(process.hrtime.bigint() - t0) / 1e9, cpuSeconds: (cpu.user + cpu.system) / 1e6 });
    });
  });
}

function report(path) {
  return new Promise((resolve, reject) => {
    const t0 = process.hrtime.bigint();
    const child = spawn(process.execPath, [bin, 'report', path, '--json'], {
      env: { ...process.env, KENSA_REPORT_STATS: '1' },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (b) => (stderr += b));
    child.on('error', reject);
    child.on('close', (code) => {
      const wall = Number(process.hrtime.bigint() - t0) / 1e9;
      const m = /kensa-stats (\{.*\})/.exec(stderr);
      if (code !== 0 || m === null) reject(new Error(`kensa report exited ${code}: ${stderr}`));
      else resolve({ wall, ...JSON.parse(m[1]) });
    });
  });
}

try {
  const t0 = Date.now();
  const written = await writeTelemetry(dir, { requests, intervalMs: 86_400_000 / requests, seed: 1, faults: { throttlingRate: 0.02, slowVectorSearchRate: 0.01, lowRelevanceRate: 0.03, contextOverflowRate: 0.02 } });
  console.log(`generated ${written.spans} spans, ${(written.bytes / 1048576).toFixed(0)} MiB in ${((Date.now() - t0) / 1000).toFixed(1)} s (${written.file})`);
  const f = await floor(written.file);
  const floorRate = Math.round(f.spans / f.seconds);
  console.log(`floor (readline + JSON.parse only, in this process): ${f.seconds.toFixed(2)} s wall, ${f.cpuSeconds.toFixed(2)} s CPU; ${floorRate} spans/s wall, ${Math.round(f.spans / f.cpuSeconds)} spans/CPU-s`);
  const r = await report(dir);
  const rate = Math.round(r.spans / r.wall);
  console.log(`kensa report --json (child process, wall clock incl. start-up): ${r.wall.toFixed(2)} s wall, ${r.cpuSeconds.toFixed(2)} s CPU; ${Math.round(r.spans / r.cpuSeconds)} spans/CPU-s`);
  // On a shared machine wall time swings with other load; CPU time is the steadier comparison.
  console.log(`ratio to the floor: ${(rate / floorRate).toFixed(2)} by wall clock, ${(f.cpuSeconds / r.cpuSeconds).toFixed(2)} by CPU time`);
  console.log(`peak_rss_mb: ${Math.round(r.maxRssMb)}`);
  console.log(`spans_per_second: ${rate}`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
