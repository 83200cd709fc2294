import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TelemetryGenerator, writeTelemetry } from '../src/generate';
import { OtlpReader } from '../src/input/OtlpReader';
import { resolveInputs } from '../src/input/resolveInputs';
import { cliOptionsFromEnv } from '../src/cli/cliOptionsFromEnv';
import { runReport } from '../src/runReport';

// Decoding in worker threads must not change the report: spans reach the aggregation in file order.
const script = join(__dirname, '..', 'dist', 'decodeWorker.js');
const bin = join(__dirname, '..', 'dist', 'bin.js');
let dir: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'kensa-workers-'));
  // About 6 MB over two files: several chunks each, with bad lines between good ones.
  await writeTelemetry(join(dir, 'in'), { requests: 500, seed: 21, intervalMs: 700, faults: { throttlingRate: 0.1, throttlingRamp: true, slowVectorSearchRate: 0.05, lowRelevanceRate: 0.05, contextOverflowRate: 0.05 } });
  const more = [...new TelemetryGenerator({ requests: 200, seed: 22, startMs: Date.UTC(2026, 10, 21, 2), faults: { throttlingRate: 0.2 } }).lines()];
  writeFileSync(join(dir, 'in', 'traces-2.jsonl'), [more[0], '{"resourceSpans":[{"scopeSp', ...more.slice(1), 'garbage'].join('\n'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function withoutTime<T extends { generatedAt: string }>(r: T): Omit<T, 'generatedAt'> {
  const { generatedAt: _drop, ...rest } = r;
  return rest;
}

describe('decode workers', () => {
  it('are built (npm run build -w packages/cli)', () => {
    expect(existsSync(script)).toBe(true);
  });

  it('give the report the single-threaded reader gives', async () => {
    const warnings: string[][] = [[], []];
    const single = await runReport([join(dir, 'in')], { workers: 0, onWarning: (m) => warnings[0]?.push(m) });
    const pooled = await runReport([join(dir, 'in')], { workers: 3, workerScript: script, onWarning: (m) => warnings[1]?.push(m) });
    expect(withoutTime(pooled)).toEqual(withoutTime(single));
    expect(warnings[1]).toEqual(warnings[0]);
    expect(warnings[0]).toHaveLength(2);
  });

  it('hand the spans over in file order, whatever order the chunks finish in', async () => {
    const seen: string[][] = [[], [], []];
    for (const [k, workers] of [[0, 0], [1, 1], [2, 4]] as const) {
      const reader = new OtlpReader({ workers, workerScript: script, chunkBytes: 4096, onSpan: (s) => seen[k]?.push(`${s.traceId}/${s.spanId}/${s.durationMs}`) });
      await reader.read(resolveInputs([join(dir, 'in')]));
    }
    expect(seen[0]?.length).toBe(700 * 8);
    expect(seen[1]).toEqual(seen[0]);
    expect(seen[2]).toEqual(seen[0]);
  });

  it('fail the read with a message when a worker cannot start', async () => {
    const broken = join(dir, 'broken-worker.js');
    writeFileSync(broken, "throw new Error('no decoder here');\n");
    const reader = new OtlpReader({ workers: 2, workerScript: broken, onSpan: () => {} });
    await expect(reader.read(resolveInputs([join(dir, 'in')]))).rejects.toThrow(/no decoder here/);
  });

  it('are what `kensa report --workers <n>` uses, with the same output as --workers 0', async () => {
    const run = async (n: string): Promise<Record<string, unknown>> => {
      const out = await promisify(execFile)(process.execPath, [bin, 'report', join(dir, 'in'), '--json', '--workers', n], { maxBuffer: 64 << 20 });
      return withoutTime(JSON.parse(out.stdout) as { generatedAt: string });
    };
    const [none, two] = await Promise.all([run('0'), run('2')]);
    expect(two).toEqual(none);
    const bad = await promisify(execFile)(process.execPath, [bin, 'report', join(dir, 'in'), '--workers', 'many']).catch((e: { code: number; stderr: string }) => e);
    expect(bad).toMatchObject({ code: 2 });
    expect(cliOptionsFromEnv({ KENSA_WORKERS: '3' }).workers).toBe(3);
    expect(cliOptionsFromEnv({ KENSA_WORKERS: '0' }).workers).toBe(0);
    expect(cliOptionsFromEnv({ KENSA_WORKERS: 'lots' }).workers).toBeUndefined();
  });
});
