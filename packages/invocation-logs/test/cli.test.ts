import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { CreateBucketCommand } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../src/cli';
import { HAIKU, SONNET_35, gzipLines, invocationRecord, logKey } from './fixtures';
import { CREDENTIALS, LocalAws, REGION } from './support/aws';

const HOUR = Math.floor(Date.now() / 3_600_000) * 3_600_000 - 2 * 3_600_000;
const lines = (model: string, n: number) =>
  Array.from({ length: n }, (_, i) => JSON.stringify(invocationRecord({ timestamp: new Date(HOUR + i * 1000).toISOString(), modelId: model, operation: 'Converse', input: 10, output: 2 })));

async function run(args: string[]): Promise<{ code: number; out: string[]; err: string[] }> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(args, (l) => out.push(l), (l) => err.push(l));
  return { code, out, err };
}

describe('kensa-invocation-logs backfill', () => {
  let aws: LocalAws;
  let dir: string;
  const saved = { ...process.env };

  beforeAll(async () => {
    aws = await LocalAws.start();
    Object.assign(process.env, { AWS_ACCESS_KEY_ID: CREDENTIALS.accessKeyId, AWS_SECRET_ACCESS_KEY: CREDENTIALS.secretAccessKey, AWS_REGION: REGION });
    dir = mkdtempSync(join(tmpdir(), 'kensa-backfill-'));
    for (const [name, model, n] of [['a', HAIKU, 3], ['b', SONNET_35, 2]] as const) {
      const path = join(dir, logKey('us-east-1', new Date(HOUR).toISOString(), name));
      mkdirSync(dirname(path), { recursive: true });
      writeFileSync(path, gzipLines(lines(model, n)));
    }
    writeFileSync(join(dir, 'README.txt'), 'not a log object');
  }, 60_000);

  afterAll(async () => {
    process.env = saved;
    rmSync(dir, { recursive: true, force: true });
    await aws?.stop();
  });

  it('prints usage and exits 2 without a source', async () => {
    const { code, err } = await run(['backfill']);
    expect(code).toBe(2);
    expect(err.join('\n')).toMatch(/--bucket/);
  });

  it('--dir --dry-run prints the data points it would publish', async () => {
    const { code, out, err } = await run(['backfill', '--dir', dir, '--dry-run']);
    expect(code).toBe(0);
    const points = out.map((l) => JSON.parse(l) as { MetricName: string; Value: number; Dimensions: Array<{ Name: string; Value: string }> });
    const invocations = points.filter((p) => p.MetricName === 'Invocations' && p.Dimensions.length === 1);
    expect(Object.fromEntries(invocations.map((p) => [p.Dimensions[0]?.Value, p.Value]))).toEqual({ [HAIKU]: 3, [SONNET_35]: 2 });
    expect(JSON.parse(err.at(-1) ?? '{}')).toMatchObject({ objects: 2, done: 2, records: 5 });
  });

  it('backfills an S3 prefix once, however often it is run, with a ledger table', async () => {
    await aws.s3.send(new CreateBucketCommand({ Bucket: 'archive' }));
    await aws.createLedgerTable('ledger-cli');
    await aws.put('archive', logKey('us-east-1', new Date(HOUR).toISOString(), 'a'), gzipLines(lines(HAIKU, 4)));
    await aws.put('archive', logKey('us-east-1', new Date(HOUR).toISOString(), 'b'), gzipLines(lines(HAIKU, 6)));
    const args = ['backfill', '--bucket', 'archive', '--prefix', 'AWSLogs/', '--table', 'ledger-cli', '--namespace', 'Test/Backfill', '--endpoint', aws.endpoint, '--region', REGION];
    const first = await run(args);
    const second = await run(args);
    expect(first.code).toBe(0);
    expect(JSON.parse(first.err.at(-1) ?? '{}')).toMatchObject({ objects: 2, done: 2, records: 10 });
    expect(JSON.parse(second.err.at(-1) ?? '{}')).toMatchObject({ objects: 2, done: 0, duplicate: 2 });
    expect(await aws.sum('Test/Backfill', 'Invocations', [{ Name: 'BaseModelId', Value: HAIKU }], HOUR, HOUR + 3_600_000)).toBe(10);
  });
});
