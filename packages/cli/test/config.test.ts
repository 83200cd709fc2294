import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeTelemetry } from '../src/generate';
import { runCli } from './helpers';

let dir: string;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'kensa-config-'));
  // Telemetry from an app without the processors: budgets and patterns come from the CLI's config.
  await writeTelemetry(join(dir, 'in'), { requests: 200, seed: 2, kensaAttributes: false, faults: { throttlingRate: 0.1 } });
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('KENSA_CONFIG', () => {
  it('judges spans by the budgets and SLA of the config file the processors use', async () => {
    const cfg = join(dir, 'kensa.json');
    writeFileSync(cfg, JSON.stringify({ sla_ms: 2000, budgets: { bedrock_invoke: { budget_ms: 1000, warning_ms: 800, alarm_ms: 1200, critical_ms: 1500 } } }));
    const r = await runCli(['report', join(dir, 'in'), '--json'], { KENSA_CONFIG: cfg });
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout);
    expect(doc.sla.targetMs).toBe(2000);
    expect(doc.components.find((c: { component: string }) => c.component === 'bedrock_invoke')).toMatchObject({ budgetMs: 1000, p99Status: 'critical' });
    const defaults = JSON.parse((await runCli(['report', join(dir, 'in'), '--json'])).stdout);
    expect(doc.sla.met).toBeLessThan(defaults.sla.met);
  });

  it('describes failures with the user\'s catalogue (same id replaces the shipped pattern)', async () => {
    const cfg = join(dir, 'patterns.json');
    writeFileSync(cfg, JSON.stringify({
      error_patterns: [{
        id: 'EP-001', name: 'Our gateway quota', category: 'throttling', transient: true, severity: 'high',
        error_codes: ['ThrottlingException'], root_cause: 'Our own quota.', impact: 'Slow answers.',
        remediation: 'Raise our quota.', remediation_steps: ['Raise our quota.'],
      }],
    }));
    const r = await runCli(['report', join(dir, 'in'), '--json'], { KENSA_CONFIG: cfg });
    expect(r.stderr).toBe('');
    expect(JSON.parse(r.stdout).errors.patterns[0]).toMatchObject({ id: 'EP-001', name: 'Our gateway quota', rootCause: 'Our own quota.', remediation: ['Raise our quota.'] });
  });

  it('warns about a bad config file on stderr and falls back to the defaults', async () => {
    const r = await runCli(['report', join(dir, 'in'), '--json'], { KENSA_CONFIG: join(dir, 'missing.yaml') });
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/^kensa: .*missing\.yaml could not be read/m);
    expect(JSON.parse(r.stdout).sla.targetMs).toBe(3000);
  });
});
