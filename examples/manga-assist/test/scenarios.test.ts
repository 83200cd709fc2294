import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import harness from '../src/harness.js';
import traffic from '../src/traffic.js';

/**
 * Every fault scenario, run against the real app under the distro with local backends: the
 * report's top diagnosis must name the cause the scenario injected, with its remediation. The
 * scenario is the oracle.
 */
const root = join(__dirname, '..', '..', '..');
const scratch = mkdtempSync(join(tmpdir(), 'kensa-scenarios-'));

beforeAll(() => {
  // Child processes load the built packages.
  const needed = ['node', 'processors', 'cli', 'test-servers', 'instrumentation-bedrock', 'instrumentation-opensearch'];
  if (needed.some((p) => !existsSync(join(root, 'packages', p, 'dist')))) {
    execFileSync('npx', ['turbo', 'run', 'build'], { cwd: root, stdio: 'ignore', timeout: 600_000 });
  }
}, 600_000);

afterAll(() => rmSync(scratch, { recursive: true, force: true }));

interface Diagnosis {
  id: string;
  title: string;
  remediation: string[];
}

async function reportFor(name: string, { redis = false } = {}): Promise<{ diagnosis: Diagnosis[] }> {
  const exportDir = join(scratch, redis ? `${name}-redis` : name);
  const stack = await harness.startStack({ exportDir, redis });
  try {
    const stats = await traffic.runScenario(name, { app: stack.app, backends: stack.backends, durationMs: 4000, concurrency: 3 });
    expect(stats.requests).toBeGreaterThan(0);
  } finally {
    await stack.stop();
  }
  return JSON.parse(await harness.runKensa(['report', exportDir, '--json'], { capture: true }));
}

describe('fault scenarios: the report names the injected cause', () => {
  const scenarios = Object.values(traffic.SCENARIOS) as Array<{ name: string; expect: { pattern?: string; finding?: string } }>;

  it.each(scenarios.map((s) => [s.name, s] as const))('%s', async (name, scenario) => {
    const report = await reportFor(name);
    const expected = scenario.expect.pattern ?? scenario.expect.finding;
    const top = report.diagnosis[0];
    expect(top, JSON.stringify(report.diagnosis.slice(0, 3), null, 1)).toBeDefined();
    expect(top!.id, JSON.stringify(report.diagnosis.slice(0, 3).map((d) => d.id))).toBe(expected);
    if (expected !== 'healthy') expect(top!.remediation.length).toBeGreaterThan(0);
  }, 90_000);

  it('cache_failover with a real Redis that is killed mid-run (ioredis errors as they really are)', async () => {
    const report = await reportFor('cache_failover', { redis: true });
    expect(report.diagnosis[0]?.id, JSON.stringify(report.diagnosis.slice(0, 3), null, 1)).toBe('EP-007');
    expect(report.diagnosis[0]!.remediation.length).toBeGreaterThan(0);
  }, 90_000);
});

describe('the demo command', () => {
  it('runs the example, exports telemetry, prints the report and writes report.html', () => {
    const exportDir = join(scratch, 'demo');
    const html = join(scratch, 'report.html');
    const out = execFileSync(process.execPath, [join(__dirname, '..', 'src', 'demo.js')], {
      env: { ...process.env, DEMO_DURATION_MS: '6500', KENSA_EXPORT_DIR: exportDir, DEMO_REPORT_HTML: html },
      encoding: 'utf8',
      timeout: 170_000,
    });
    expect(out).toContain(`telemetry written to ${exportDir}`);
    expect(out).toMatch(/SLA: [\d.]+% of requests within 3000 ms/);
    for (const file of ['traces.jsonl', 'metrics.jsonl', 'logs.jsonl']) expect(statSync(join(exportDir, file)).size).toBeGreaterThan(0);
    expect(readFileSync(html, 'utf8')).toContain('<html');
  }, 180_000);
});
