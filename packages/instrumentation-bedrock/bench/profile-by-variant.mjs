// Splits a `node --cpu-prof` profile of bench/run.cjs by variant, using the batch windows the bench
// wrote (BENCH_WINDOWS=<file>): main-thread CPU per call by where the time went, and the functions
// that cost the most per call in each variant. Only the main thread is sampled: GC and compiler
// threads are not in it (process.cpuUsage, which the bench reports, includes them).
//
//   BENCH_WINDOWS=/tmp/windows.json BENCH_STREAMS=0 node --expose-gc --cpu-prof --cpu-prof-dir=/tmp/prof bench/run.cjs
//   node bench/profile-by-variant.mjs /tmp/prof /tmp/windows.json [top]
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

const [dir, windowsFile, topArg] = process.argv.slice(2);
if (!dir || !windowsFile) {
  console.error('usage: node bench/profile-by-variant.mjs <dir of .cpuprofile> <windows.json> [top]');
  process.exit(2);
}
const top = Number(topArg ?? 30);
// The server child inherits --cpu-prof; the bench's own profile is the larger one.
const file = readdirSync(dir)
  .filter((f) => f.endsWith('.cpuprofile'))
  .map((f) => join(dir, f))
  .sort((a, b) => statSync(b).size - statSync(a).size)[0];
const profile = JSON.parse(readFileSync(file, 'utf8'));
const windows = JSON.parse(readFileSync(windowsFile, 'utf8')).sort((a, b) => a[1] - b[1]);
const nodes = new Map(profile.nodes.map((n) => [n.id, n]));

const where = (url, fn) => {
  if (url === '') return fn === '(garbage collector)' ? 'gc' : 'native';
  if (/@opentelemetry\//.test(url)) return 'otel';
  if (/packages\/(instrumentation-bedrock|processors|bedrock|semconv)\/dist|\/bench\//.test(url)) return 'kensa';
  if (/@aws-sdk|@smithy/.test(url)) return 'aws-sdk';
  if (url.startsWith('node:')) return 'node';
  return 'other';
};
const calls = {};
for (const [name, , , n] of windows) calls[name] = (calls[name] ?? 0) + n;
const byWhere = {};
const byFunction = {};
let t = profile.startTime;
let w = 0;
for (let i = 0; i < profile.samples.length; i++) {
  t += profile.timeDeltas[i];
  while (w < windows.length && windows[w][2] < t) w++;
  if (w >= windows.length) break;
  if (t < windows[w][1]) continue;
  const frame = nodes.get(profile.samples[i]).callFrame;
  if (frame.functionName === '(idle)') continue;
  const dt = profile.timeDeltas[i + 1] ?? 0;
  const variant = windows[w][0];
  const category = where(frame.url, frame.functionName);
  (byWhere[variant] ??= {})[category] = (byWhere[variant][category] ?? 0) + dt;
  const key = `${category} ${frame.functionName || '(anonymous)'} ${frame.url.split('/').slice(-3).join('/')}:${frame.lineNumber + 1}`;
  (byFunction[variant] ??= {})[key] = (byFunction[variant][key] ?? 0) + dt;
}
const variants = Object.keys(calls);
const perCall = (table, variant, key) => (table[variant]?.[key] ?? 0) / calls[variant];
// Columns as wide as the longest variant name ("kensa:stream") plus a space.
const width = Math.max(10, ...variants.map((v) => v.length + 1));
const row = (label, values) => console.log(label.slice(0, 72).padEnd(72) + values.map((v) => v.toFixed(1).padStart(width)).join(''));
console.log(`main-thread CPU per call (µs), ${file}`);
console.log(''.padEnd(72) + variants.map((v) => v.padStart(width)).join(''));
row('total', variants.map((v) => Object.values(byWhere[v] ?? {}).reduce((a, b) => a + b, 0) / calls[v]));
for (const c of ['kensa', 'otel', 'aws-sdk', 'node', 'gc', 'native', 'other']) row(`  ${c}`, variants.map((v) => perCall(byWhere, v, c)));
const keys = new Set(variants.flatMap((v) => Object.keys(byFunction[v] ?? {})));
const ranked = [...keys]
  .filter((k) => k.startsWith('kensa') || k.startsWith('otel'))
  .map((k) => [k, variants.map((v) => perCall(byFunction, v, k))])
  .sort((a, b) => Math.max(...b[1]) - Math.max(...a[1]))
  .slice(0, top);
console.log(`\ntop ${top} functions of Kensa (dist, bench) and OTel, self time per call (inlined callees included):`);
for (const [k, values] of ranked) row(k, values);
