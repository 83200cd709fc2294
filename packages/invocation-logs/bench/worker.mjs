// One measurement in a fresh process: aggregate one file, print figures as JSON on stdout.
//   streaming: the package's aggregateLogObject over a file stream (what the Lambda does over S3)
//   naive:     the usual hand-written Lambda: read the whole object, gunzip it, split, parse each line
import { createReadStream, readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { aggregateLogObject } from '../dist/index.mjs';

const [mode, file] = process.argv.slice(2);
const key = 'AWSLogs/123456789012/BedrockModelInvocationLogs/us-east-1/2026/11/22/10/bench.json.gz';
const catalog = { arnMappings: { 'arn:aws:bedrock:us-east-1:123456789012:application-inference-profile/mangaprod01': 'anthropic.claude-3-haiku-20240307-v1:0' } };
const started = process.hrtime.bigint();
const cpuStart = process.cpuUsage();
let records = 0;
let series = 0;
try {
  if (mode === 'streaming') {
    const result = await aggregateLogObject(createReadStream(file, { highWaterMark: 16 * 1024 }), { key, catalog });
    records = result.records;
    series = result.series.length;
  } else {
    const sums = new Map();
    const text = gunzipSync(readFileSync(file)).toString('utf8');
    for (const line of text.split('\n')) {
      if (line === '') continue;
      let r;
      try {
        r = JSON.parse(line);
      } catch {
        continue;
      }
      const k = `${r.timestamp.slice(0, 16)}|${r.modelId}|${r.operation}|${r.inferenceRegion ?? r.region}`;
      const s = sums.get(k) ?? { n: 0, input: 0, output: 0 };
      s.n += 1;
      s.input += r.input?.inputTokenCount ?? 0;
      s.output += r.output?.outputTokenCount ?? 0;
      sums.set(k, s);
      records += 1;
    }
    series = sums.size;
  }
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  // CPU time of every thread of the process (zlib's pool included): the cost on one core, whatever the load.
  const cpu = process.cpuUsage(cpuStart);
  const cpuSeconds = (cpu.user + cpu.system) / 1e6;
  process.stdout.write(JSON.stringify({ ok: true, counted: records, series, seconds, cpuSeconds, maxRssMb: process.resourceUsage().maxRSS / 1024 }) + '\n');
} catch (error) {
  process.stdout.write(JSON.stringify({ ok: false, error: String(error?.code ?? error?.message ?? error), maxRssMb: process.resourceUsage().maxRSS / 1024 }) + '\n');
}
