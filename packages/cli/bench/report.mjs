// Benchmark: 1M spans of generated telemetry through `kensa report --json` in a child process.
// Prints, side by side, two floors measured in this process on the same file — the old reading
// (readline + JSON.parse and nothing else) and the new one's (2 MiB binary reads split at
// newlines, no decoding) — so the number can be judged on a loaded machine. The report runs
// KENSA_BENCH_RUNS times (default 3); the last lines are the peak RSS over the runs and the median
// run's spans per second by wall clock.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import { createInterface } from 'node:readline';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeTelemetry } from '../dist/index.mjs';

const spansWanted = Number(process.env.KENSA_BENCH_SPANS ?? 1_000_000);
const runs = Math.max(1, Number(process.env.KENSA_BENCH_RUNS ?? 3));
const requests = Math.ceil(spansWanted / 8);
const bin = fileURLToPath(new URL('../dist/bin.js', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'kensa-bench-'));

function timed(work) {
  return async (...args) => {
    const t0 = process.hrtime.bigint();
    const cpu0 = process.cpuUsage();
    const spans = await work(...args);
    const cpu = process.cpuUsage(cpu0);
    return { spans, seconds: Number(process.hrtime.bigint() - t0) / 1e9, cpuSeconds: (cpu.user + cpu.system) / 1e6 };
  };
}

/** The old reader's floor: readline's lines, JSON.parse of each, spans counted. */
const parseFloor = timed(
  (file) =>
    new Promise((resolve) => {
      let spans = 0;
      const rl = createInterface({ input: createReadStream(file, { highWaterMark: 1 << 20 }), crlfDelay: Infinity });
      rl.on('line', (line) => {
        const d = JSON.parse(line);
        for (const rs of d.resourceSpans) for (const ss of rs.scopeSpans) spans += ss.spans.length;
      });
      rl.on('close', () => resolve(spans));
    }),
);

/** The new reader's floor: the same 2 MiB reads and newline search, no decoding (lines counted). */
const readFloor = timed(async (file, spansInFile) => {
  const fh = await open(file, 'r');
  const buf = Buffer.allocUnsafeSlow(2 << 20);
  let lines = 0;
  let position = 0;
  for (;;) {
    const { bytesRead } = await fh.read(buf, 0, buf.length, position);
    if (bytesRead === 0) break;
    position += bytesRead;
    for (let i = buf.indexOf(0x0a); i >= 0 && i < bytesRead; i = buf.indexOf(0x0a, i + 1)) lines++;
  }
  await fh.close();
  return lines > 0 ? spansInFile : 0;
});

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

const perSecond = (spans, s) => Math.round(spans / s);
const load = () => loadavg().map((l) => l.toFixed(2)).join(' ');

try {
  const t0 = Date.now();
  const written = await writeTelemetry(dir, { requests, intervalMs: 86_400_000 / requests, seed: 1, faults: { throttlingRate: 0.02, slowVectorSearchRate: 0.01, lowRelevanceRate: 0.03, contextOverflowRate: 0.02 } });
  console.log(`generated ${written.spans} spans, ${(written.bytes / 1048576).toFixed(0)} MiB in ${((Date.now() - t0) / 1000).toFixed(1)} s (${written.file})`);
  console.log(`machine: ${availableParallelism()} cores, load average ${load()}`);
  const f = await parseFloor(written.file);
  console.log(`floor (readline + JSON.parse only, in this process): ${f.seconds.toFixed(2)} s wall, ${f.cpuSeconds.toFixed(2)} s CPU; ${perSecond(f.spans, f.seconds)} spans/s wall, ${perSecond(f.spans, f.cpuSeconds)} spans/CPU-s`);
  const io = await readFloor(written.file, written.spans);
  console.log(`floor (2 MiB binary reads + newline split only, in this process): ${io.seconds.toFixed(2)} s wall, ${io.cpuSeconds.toFixed(2)} s CPU; ${perSecond(io.spans, io.seconds)} spans/s wall`);
  const results = [];
  for (let i = 0; i < runs; i++) {
    const r = await report(dir);
    results.push(r);
    const main = r.mainThreadCpuSeconds !== undefined ? ` (main thread ${r.mainThreadCpuSeconds.toFixed(2)} s)` : '';
    console.log(
      `kensa report --json run ${i + 1}/${runs} (child process, wall clock incl. start-up): ${r.wall.toFixed(2)} s wall, ${r.cpuSeconds.toFixed(2)} s CPU${main}; ` +
        `${perSecond(r.spans, r.wall)} spans/s, ${perSecond(r.spans, r.cpuSeconds)} spans/CPU-s; load average ${load()}`,
    );
  }
  const median = [...results].sort((a, b) => a.wall - b.wall)[Math.floor(results.length / 2)];
  const rate = perSecond(median.spans, median.wall);
  // On a shared machine wall time swings with other load; CPU time is the steadier comparison.
  console.log(`median run against the JSON.parse floor: ${(rate / perSecond(f.spans, f.seconds)).toFixed(2)}x by wall clock, ${(f.cpuSeconds / median.cpuSeconds).toFixed(2)}x by CPU time`);
  console.log(`peak_rss_mb: ${Math.round(Math.max(...results.map((r) => r.maxRssMb)))}`);
  console.log(`spans_per_second: ${rate}`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
