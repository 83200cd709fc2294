import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { writeTelemetry, type GeneratorFaults } from '../src/generate';
import { diagnose } from '../src/report/diagnose';
import { runCli } from './helpers';

/** The ranked diagnosis puts the injected fault first, with what to do about it. */
const scratch = mkdtempSync(join(tmpdir(), 'kensa-diagnosis-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

async function diagnosisFor(name: string, faults: GeneratorFaults) {
  const dir = join(scratch, name);
  await writeTelemetry(dir, { requests: 400, seed: 11, faults });
  const { code, stdout } = await runCli(['report', dir, '--json']);
  expect(code).toBe(0);
  return JSON.parse(stdout).diagnosis as Array<{ id: string; kind: string; score: number; remediation: string[] }>;
}

describe('diagnosis', () => {
  it('finds no failure, budget or retrieval problem in clean traffic', async () => {
    // The generator draws prompt sizes up to 90% of the budget, so about one prompt in six earns
    // the (advisory) context warning; nothing else may appear.
    const d = await diagnosisFor('clean', {});
    expect(d.map((x) => x.id)).toEqual(['context:warning']);
  });

  it('says healthy, with no steps, when nothing crosses a threshold', async () => {
    const dir = join(scratch, 'quiet');
    await writeTelemetry(dir, { requests: 200, seed: 5 });
    const report = JSON.parse((await runCli(['report', dir, '--json'])).stdout);
    report.context.warning = 0;
    const d = diagnose(report);
    expect(d).toHaveLength(1);
    expect(d[0]).toMatchObject({ id: 'healthy', kind: 'healthy', remediation: [] });
  });

  it.each([
    ['throttling', { throttlingRate: 0.3 }, 'EP-001'],
    ['slow vector search', { slowVectorSearchRate: 0.5 }, 'budget:opensearch_vector'],
    ['low relevance', { lowRelevanceRate: 0.5 }, 'low_relevance'],
  ] as Array<[string, GeneratorFaults, string]>)('ranks %s first', async (name, faults, expected) => {
    const d = await diagnosisFor(name.replace(/ /g, '-'), faults);
    expect(d[0]!.id).toBe(expected);
    expect(d[0]!.remediation.length).toBeGreaterThan(0);
    for (let i = 1; i < d.length; i++) expect(d[i]!.score).toBeLessThanOrEqual(d[i - 1]!.score);
  });

  it('ranks a failure above a warning that touches as many requests', async () => {
    const d = await diagnosisFor('both', { throttlingRate: 0.3, lowRelevanceRate: 0.3 });
    expect(d.map((x) => x.id).slice(0, 2)).toEqual(['EP-001', 'low_relevance']);
  });

  it('leaves out findings below 2% of requests', async () => {
    const d = await diagnosisFor('rare', { lowRelevanceRate: 0.005 });
    expect(d.map((x) => x.id)).not.toContain('low_relevance');
  });
});
