import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { writeTelemetry, type GeneratorOptions } from '../src/generate';
import { runReport } from '../src/runReport';

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

async function report(options: GeneratorOptions) {
  const d = mkdtempSync(join(tmpdir(), 'kensa-creep-'));
  dirs.push(d);
  await writeTelemetry(d, options);
  return runReport([d]);
}

describe('gradual p99 creep', () => {
  it('is reported as an increasing p99 trend of the creeping component (and of the requests) only', async () => {
    // Bedrock gets 1.5× slower over 70 minutes: a few percent per 5-minute window, never a spike.
    const r = await report({ requests: 4200, intervalMs: 1000, seed: 7, faults: { creep: { component: 'bedrock_invoke', factor: 1.5 } } });
    expect(r.anomalies.trends.map((t) => [t.component, t.direction])).toEqual([['request', 'increasing'], ['bedrock_invoke', 'increasing']]);
    const t = r.anomalies.trends[1];
    expect(t?.lastP99Ms).toBeGreaterThan((t?.firstP99Ms ?? 0) * 1.2);
    expect(t?.slopeMsPerHour).toBeGreaterThan(0);
  });

  it('is not reported on steady traffic', async () => {
    const r = await report({ requests: 4200, intervalMs: 1000, seed: 7 });
    expect(r.anomalies.trends).toEqual([]);
  });

});
