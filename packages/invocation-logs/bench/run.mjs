// npm run bench:invocation-logs — memory and throughput of the streaming aggregation against the naive
// read-everything baseline, on a ≥100k-record and a ≥1M-record object, each measured in a fresh process
// pinned to one core (taskset, when present). Files go to a temp dir and are removed afterwards.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { generate } from './generate.mjs';

const here = fileURLToPath(new URL('.', import.meta.url));
const SIZES = [
  { name: 'small', records: Number(process.env.BENCH_SMALL ?? 100_000) },
  { name: 'large', records: Number(process.env.BENCH_LARGE ?? 1_000_000) },
];
const hasTaskset = (() => {
  try {
    execFileSync('taskset', ['-c', '0', 'true']);
    return true;
  } catch {
    return false;
  }
})();

function measure(mode, file) {
  const args = [join(here, 'worker.mjs'), mode, file];
  const cmd = hasTaskset ? 'taskset' : process.execPath;
  const full = hasTaskset ? ['-c', '0', process.execPath, ...args] : args;
  // UV_THREADPOOL_SIZE=1: gunzip runs on libuv's pool; one thread keeps the whole measurement on one core.
  const child = spawnSync(cmd, full, { encoding: 'utf8', env: { ...process.env, UV_THREADPOOL_SIZE: '1' }, maxBuffer: 1 << 20 });
  const last = child.stdout.trim().split('\n').pop() ?? '';
  try {
    return JSON.parse(last);
  } catch {
    return { ok: false, error: `exit ${child.status} ${child.signal ?? ''} ${child.stderr.slice(-200)}`.trim() };
  }
}

const dir = mkdtempSync(join(tmpdir(), 'kensa-invocation-logs-bench-'));
const rows = [];
try {
  const hour = Math.floor(Date.now() / 3_600_000) * 3_600_000 - 3_600_000;
  for (const size of SIZES) {
    const file = join(dir, `${size.name}.json.gz`);
    await generate(file, size.records, hour);
    const mb = statSync(file).size / 1e6;
    for (const mode of ['streaming', 'naive']) {
      const r = measure(mode, file);
      rows.push({ size: size.name, records: size.records, gzMb: mb, mode, ...r });
    }
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}

const pad = (s, n) => String(s).padEnd(n);
console.log(`one core: ${hasTaskset ? 'taskset -c 0' : 'not pinned (no taskset)'}, UV_THREADPOOL_SIZE=1, node ${process.version}`);
console.log(`${pad('size', 6)} ${pad('records', 9)} ${pad('gz_mb', 7)} ${pad('mode', 10)} ${pad('wall_s', 7)} ${pad('cpu_s', 7)} ${pad('rec/cpu_s', 10)} ${pad('peak_rss_mb', 12)} note`);
for (const r of rows) {
  const rate = r.ok ? Math.round(r.counted / r.cpuSeconds) : '-';
  console.log(
    `${pad(r.size, 6)} ${pad(r.records, 9)} ${pad(r.gzMb.toFixed(1), 7)} ${pad(r.mode, 10)} ${pad(r.ok ? r.seconds.toFixed(2) : '-', 7)} ${pad(r.ok ? r.cpuSeconds.toFixed(2) : '-', 7)} ${pad(rate, 10)} ${pad(r.maxRssMb?.toFixed(1) ?? '-', 12)} ${r.ok ? `${r.counted} counted, ${r.series} series` : `failed: ${r.error}`}`,
  );
}
const streaming = (size) => rows.find((r) => r.size === size && r.mode === 'streaming');
const small = streaming('small');
const large = streaming('large');
const naiveSmall = rows.find((r) => r.size === 'small' && r.mode === 'naive');
const naiveLarge = rows.find((r) => r.size === 'large' && r.mode === 'naive');
console.log(`naive peak_rss_mb small=${naiveSmall?.maxRssMb?.toFixed(1) ?? '-'} large=${naiveLarge?.maxRssMb?.toFixed(1) ?? '-'}${naiveLarge?.ok === false ? ` (large failed: ${naiveLarge.error})` : ''}`);
console.log(`ratio large/small streaming=${(large.maxRssMb / small.maxRssMb).toFixed(2)} (goal <= 1.2)`);
console.log(`peak_rss_mb small=${small.maxRssMb.toFixed(1)} large=${large.maxRssMb.toFixed(1)}`);
// Records per CPU-second of the pinned process: what one core sustains, independent of other load on the machine.
console.log(`records_per_second: ${large.ok ? Math.round(large.counted / large.cpuSeconds) : 0}`);
