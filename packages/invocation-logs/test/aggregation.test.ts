import { gzipSync } from 'node:zlib';
import { computeCost, resolveModel } from '@kensa/bedrock';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHandler } from '../src/handler';
import type { LogEntry } from '../src/StructuredLogger';
import { APP_PROFILE_ARN, GLOBAL_SONNET_4, HAIKU, ROLE, SONNET_35, SONNET_4, US_SONNET_35_ARN, gzipLines, invocationRecord, logKey } from './fixtures';
import { CREDENTIALS, LocalAws, REGION } from './support/aws';

const NAMESPACE = 'Test/Aggregation';
const TABLE = 'ledger-aggregation';
const BUCKET = 'bedrock-logs';
const HOUR = Math.floor(Date.now() / 3_600_000) * 3_600_000 - 2 * 3_600_000;
const at = (minute: number, second = 5) => new Date(HOUR + minute * 60_000 + second * 1000).toISOString();
const WINDOW: [number, number] = [HOUR, HOUR + 3_600_000];

const goodLines = [
  invocationRecord({ timestamp: at(10), modelId: HAIKU, operation: 'InvokeModel', input: 1000, output: 200, session: 's1' }),
  invocationRecord({ timestamp: at(10, 30), modelId: HAIKU, operation: 'InvokeModel', input: 500, output: 100, session: 's2' }),
  invocationRecord({ timestamp: at(11), modelId: HAIKU, operation: 'InvokeModelWithResponseStream', input: 300, output: 50 }),
  invocationRecord({ timestamp: at(10), modelId: US_SONNET_35_ARN, operation: 'Converse', input: 2000, output: 400, inferenceRegion: 'us-west-2' }),
  invocationRecord({ timestamp: at(10), modelId: US_SONNET_35_ARN, operation: 'Converse', input: 1000, output: 100, inferenceRegion: 'us-east-1' }),
  invocationRecord({ timestamp: at(11), modelId: GLOBAL_SONNET_4, operation: 'ConverseStream', input: 100, output: 10, cacheRead: 5000, cacheWrite: 1000, inferenceRegion: 'eu-west-1' }),
  invocationRecord({ timestamp: at(11), modelId: APP_PROFILE_ARN, operation: 'Converse', input: 10, output: 20, inferenceRegion: 'us-east-1' }),
  invocationRecord({ timestamp: at(10), modelId: HAIKU, operation: 'InvokeModel', input: 800, errorCode: 'ThrottlingException' }),
  invocationRecord({ timestamp: at(11), modelId: SONNET_35, operation: 'Converse', errorCode: 'ValidationException' }),
].map((r) => JSON.stringify(r));
const negative = invocationRecord({ timestamp: at(11), modelId: HAIKU, operation: 'InvokeModel', input: 5, output: 7 });
(negative.input as Record<string, unknown>).inputTokenCount = -1;
const fileA = [...goodLines.slice(0, 5), '{"schemaType":"ModelInvocationLog", broken', ...goodLines.slice(5), 'garbage', JSON.stringify(negative)];

const keyA = logKey('us-east-1', new Date(HOUR).toISOString(), 'a');
const keyEmptyGzip = logKey('us-east-1', new Date(HOUR).toISOString(), 'empty');
const keyZeroBytes = logKey('us-east-1', new Date(HOUR).toISOString(), 'zero');
const keyNotGzip = logKey('us-east-1', new Date(HOUR).toISOString(), 'plain');
const keyMissing = logKey('us-east-1', new Date(HOUR).toISOString(), 'deleted');

/** The object key an S3 notification names ('' for anything else). */
function keyOf(body: string): string {
  try {
    const key = (JSON.parse(body) as { Records?: Array<{ s3: { object: { key: string } } }> }).Records?.[0]?.s3.object.key ?? '';
    return decodeURIComponent(key.replace(/\+/g, ' '));
  } catch {
    return '';
  }
}

describe('SQS-triggered aggregation against S3, SQS, DynamoDB and CloudWatch (moto)', () => {
  let aws: LocalAws;
  const logs: LogEntry[] = [];
  let failures: string[] = [];
  const bodies = new Map<string, string>();

  beforeAll(async () => {
    aws = await LocalAws.start();
    await aws.createLedgerTable(TABLE);
    const queueUrl = await aws.bucketWithQueue(BUCKET, 'bedrock-log-objects');
    await aws.put(BUCKET, keyA, gzipLines(fileA));
    await aws.put(BUCKET, keyEmptyGzip, gzipSync(''));
    await aws.put(BUCKET, keyZeroBytes, Buffer.alloc(0));
    await aws.put(BUCKET, keyNotGzip, goodLines.join('\n'));
    const notification = (key: string) =>
      JSON.stringify({ Records: [{ eventSource: 'aws:s3', eventName: 'ObjectCreated:Put', s3: { bucket: { name: BUCKET }, object: { key: key.replace(/ /g, '+'), eTag: 'd41d8cd98f00b204e9800998ecf8427e', size: 10 } } }] });
    await aws.send(queueUrl, notification(keyMissing));
    await aws.send(queueUrl, 'hello');
    await aws.send(queueUrl, JSON.stringify({ Service: 'Amazon S3', Event: 's3:TestEvent', Bucket: BUCKET }));

    const event = await aws.receiveEvent(queueUrl, 10);
    for (const r of event.Records) bodies.set(r.messageId, r.body);
    const handler = createHandler(
      {
        ledgerTable: TABLE,
        namespace: NAMESPACE,
        region: REGION,
        clientConfig: { endpoint: aws.endpoint, credentials: CREDENTIALS, forcePathStyle: true },
        catalog: { arnMappings: { [APP_PROFILE_ARN]: HAIKU } },
        logSink: (line) => logs.push(JSON.parse(line) as LogEntry),
      },
      {},
    );
    const response = await handler(event);
    failures = response.batchItemFailures.map((f) => bodies.get(f.itemIdentifier) ?? '?');
  }, 60_000);

  afterAll(async () => {
    await aws?.stop();
  });

  it('receives one message per object from the bucket notification, the test event S3 sends when notifications are configured, and the hand-sent ones', () => {
    expect(bodies.size).toBe(8);
  });

  it('reports exactly the non-gzip object, the missing object and the malformed message as failed', () => {
    expect(failures).toHaveLength(3);
    const keys = failures.map(keyOf);
    expect(keys).toContain(keyNotGzip);
    expect(keys).toContain(keyMissing);
    expect(failures).toContain('hello');
  });

  it('names each failure with its BMAS code and the object key', () => {
    expect(logs.find((l) => l.code === 'BMAS-003' && l.key === keyNotGzip)?.message).toMatch(/not gzip/);
    expect(logs.find((l) => l.code === 'BMAS-001' && l.key === keyMissing)).toBeDefined();
    expect(logs.find((l) => l.code === 'BMAS-005')).toBeDefined();
  });

  it('logs malformed lines with their line number and skips them without failing the object', () => {
    const malformed = logs.filter((l) => l.code === 'BMAS-003' && l.key === keyA).map((l) => l.line);
    expect(malformed).toEqual([6, 11]);
    expect(logs.find((l) => l.code === 'BMAS-007' && l.key === keyA)?.line).toBe(12);
    expect(logs.find((l) => l.message === 'object counted' && l.key === keyA)).toMatchObject({ records: 10, skipped: 2 });
  });

  it('sums invocations and tokens per base model, profiles and application profiles resolved', async () => {
    const haiku = [{ Name: 'BaseModelId', Value: HAIKU }];
    expect(await aws.sum(NAMESPACE, 'Invocations', haiku, ...WINDOW)).toBe(6);
    expect(await aws.sum(NAMESPACE, 'InputTokenCount', haiku, ...WINDOW)).toBe(1000 + 500 + 300 + 10 + 800);
    expect(await aws.sum(NAMESPACE, 'OutputTokenCount', haiku, ...WINDOW)).toBe(200 + 100 + 50 + 20 + 7);
    const sonnet35 = [{ Name: 'BaseModelId', Value: SONNET_35 }];
    expect(await aws.sum(NAMESPACE, 'Invocations', sonnet35, ...WINDOW)).toBe(3);
    expect(await aws.sum(NAMESPACE, 'InputTokenCount', sonnet35, ...WINDOW)).toBe(3000);
    const sonnet4 = [{ Name: 'BaseModelId', Value: SONNET_4 }];
    expect(await aws.sum(NAMESPACE, 'CacheReadInputTokenCount', sonnet4, ...WINDOW)).toBe(5000);
    expect(await aws.sum(NAMESPACE, 'CacheWriteInputTokenCount', sonnet4, ...WINDOW)).toBe(1000);
  });

  it('publishes cost from the catalogue: Claude 3 Haiku at $0.25 / $1.25 per 1M tokens', async () => {
    const haiku = [{ Name: 'BaseModelId', Value: HAIKU }];
    const cost = await aws.sum(NAMESPACE, 'EstimatedCostUSD', haiku, ...WINDOW);
    expect(cost).toBeCloseTo((2610 * 0.25 + 377 * 1.25) / 1e6, 12);
    const resolved = resolveModel(GLOBAL_SONNET_4);
    const expected = computeCost(resolved, { inputTokens: 100, outputTokens: 10, cacheReadInputTokens: 5000, cacheWriteInputTokens: 1000 })?.totalUsd;
    expect(expected).toBeGreaterThan(0);
    expect(await aws.sum(NAMESPACE, 'EstimatedCostUSD', [{ Name: 'BaseModelId', Value: SONNET_4 }], ...WINDOW)).toBeCloseTo(expected as number, 12);
  });

  it('keeps profile, regions, operation and role identity as dimensions, with cross-region counts', async () => {
    // The full dimension set; the BaseModelId roll-up is a separate series.
    const series = (await aws.metrics(NAMESPACE, 'CrossRegionInvocations')).filter((m) => m.dimensions.BaseModelId === SONNET_35 && m.dimensions.Identity !== undefined);
    expect(series.map((s) => s.dimensions.InferenceRegion).sort()).toEqual(['us-east-1', 'us-west-2']);
    const west = series.find((s) => s.dimensions.InferenceRegion === 'us-west-2')!;
    expect(west.dimensions).toMatchObject({ InferenceProfile: 'cross_region', InferenceProfileId: 'us', SourceRegion: 'us-east-1', Operation: 'Converse', Identity: ROLE, ModelFamily: 'anthropic.claude' });
    const dims = Object.entries(west.dimensions).map(([Name, Value]) => ({ Name, Value }));
    expect(await aws.sum(NAMESPACE, 'CrossRegionInvocations', dims, ...WINDOW)).toBe(1);
    const global = (await aws.metrics(NAMESPACE, 'CrossRegionInvocations')).find((m) => m.dimensions.BaseModelId === SONNET_4 && m.dimensions.Identity !== undefined);
    expect(global?.dimensions).toMatchObject({ InferenceProfile: 'global', InferenceProfileId: 'global', InferenceRegion: 'eu-west-1' });
    const app = (await aws.metrics(NAMESPACE, 'Invocations')).find((m) => m.dimensions.InferenceProfile === 'application' && m.dimensions.Identity !== undefined);
    expect(app?.dimensions).toMatchObject({ InferenceProfileId: 'mangaprod01', BaseModelId: HAIKU });
  });

  it('counts errors by error code', async () => {
    const errors = await aws.metrics(NAMESPACE, 'InvocationErrors');
    const throttled = errors.filter((m) => m.dimensions.ErrorCode === 'ThrottlingException' && m.dimensions.Identity !== undefined);
    expect(errors.filter((m) => m.dimensions.ErrorCode === 'ThrottlingException').map((m) => Object.keys(m.dimensions).length).sort()).toEqual([2, 9]);
    expect(throttled).toHaveLength(1);
    const dims = Object.entries(throttled[0]!.dimensions).map(([Name, Value]) => ({ Name, Value }));
    expect(await aws.sum(NAMESPACE, 'InvocationErrors', dims, ...WINDOW)).toBe(1);
    expect(errors.some((m) => m.dimensions.ErrorCode === 'ValidationException')).toBe(true);
  });

  it('publishes the skipped lines per BMAS code', async () => {
    expect(await aws.sum(NAMESPACE, 'SkippedRecords', [{ Name: 'SkipReason', Value: 'BMAS-003' }], ...WINDOW)).toBe(2);
  });

  it('records counted objects — empty ones included — as done in the ledger, and not the failed ones', async () => {
    const etagged = async (key: string) => {
      const items = await aws.ledgerItem(TABLE, `s3://${BUCKET}/${key}#e:${(await aws.s3.send(new (await import('@aws-sdk/client-s3')).HeadObjectCommand({ Bucket: BUCKET, Key: key }))).ETag?.replace(/"/g, '')}`);
      return items;
    };
    expect(await etagged(keyA)).toMatchObject({ State: 'done', RecordCount: 10, SkippedCount: 2 });
    expect(await etagged(keyEmptyGzip)).toMatchObject({ State: 'done', RecordCount: 0 });
    expect(await etagged(keyZeroBytes)).toMatchObject({ State: 'done', RecordCount: 0 });
    const failed = await etagged(keyNotGzip);
    expect(failed?.State).toBe('processing');
    // Never counted, still forgotten eventually (DynamoDB TTL), like the counted ones.
    expect(failed?.ExpiresAt).toBeGreaterThan(Date.now() / 1000 + 29 * 86_400);
  });
});
