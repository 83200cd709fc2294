import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InvocationLogAggregator } from '../src/InvocationLogAggregator';
import type { LogEntry } from '../src/StructuredLogger';
import type { InvocationLogsConfig } from '../src/types';
import { HAIKU, gzipLines, invocationRecord, logKey } from './fixtures';
import { CREDENTIALS, LocalAws, REGION } from './support/aws';
import { s3Message, sqsEvent } from './support/events';

const TABLE = 'ledger-idempotency';
const BUCKET = 'bedrock-logs-idem';
// moto's GetMetricData does not filter by namespace, so each test also gets an hour of its own.
const hourAgo = (n: number) => Math.floor(Date.now() / 3_600_000) * 3_600_000 - n * 3_600_000;
const windowOf = (hour: number): [number, number] => [hour, hour + 3_600_000];
const HAIKU_DIMS = [{ Name: 'BaseModelId', Value: HAIKU }];

/** One Haiku call per minute for an hour: 60 series, 480 data points, several batches at 100 per request. */
function hourOfCalls(HOUR: number): { body: Buffer; invocations: number; inputTokens: number } {
  const lines: string[] = [];
  let inputTokens = 0;
  for (let minute = 0; minute < 60; minute += 1) {
    const input = 100 + minute;
    inputTokens += input;
    lines.push(JSON.stringify(invocationRecord({ timestamp: new Date(HOUR + minute * 60_000 + 1000).toISOString(), modelId: HAIKU, operation: 'Converse', input, output: 10 })));
  }
  return { body: gzipLines(lines), invocations: 60, inputTokens };
}

describe('exactly-once counting per object (DynamoDB ledger, moto)', () => {
  let aws: LocalAws;
  const logs: LogEntry[] = [];
  const config = (namespace: string, extra: Partial<InvocationLogsConfig> = {}): InvocationLogsConfig => ({
    ledgerTable: TABLE,
    namespace,
    region: REGION,
    clientConfig: { endpoint: aws.endpoint, credentials: CREDENTIALS, forcePathStyle: true },
    maxDatumsPerRequest: 100,
    logSink: (line) => logs.push(JSON.parse(line) as LogEntry),
    ...extra,
  });
  const putObject = async (name: string, hour: number) => {
    const key = logKey('us-east-1', new Date(hour).toISOString(), name);
    const fixture = hourOfCalls(hour);
    await aws.put(BUCKET, key, fixture.body);
    const head = await aws.s3.send(new (await import('@aws-sdk/client-s3')).HeadObjectCommand({ Bucket: BUCKET, Key: key }));
    return { key, eTag: head.ETag as string, ...fixture };
  };

  beforeAll(async () => {
    aws = await LocalAws.start();
    await aws.createLedgerTable(TABLE);
    await aws.s3.send(new (await import('@aws-sdk/client-s3')).CreateBucketCommand({ Bucket: BUCKET }));
  }, 60_000);

  afterAll(async () => {
    await aws?.stop();
  });

  it('counts an object once when S3 notifies twice and SQS redelivers', async () => {
    const ns = 'Test/Duplicates';
    const WINDOW = windowOf(hourAgo(3));
    const object = await putObject('dup', WINDOW[0]);
    const aggregator = new InvocationLogAggregator(config(ns));
    const first = await aggregator.handleSqsEvent(sqsEvent(s3Message(BUCKET, object.key, object.eTag), s3Message(BUCKET, object.key, object.eTag)));
    // A second container gets the redelivery: the ledger, not process memory, remembers.
    const second = await new InvocationLogAggregator(config(ns)).handleSqsEvent(sqsEvent(s3Message(BUCKET, object.key, object.eTag)));
    expect(first.batchItemFailures).toEqual([]);
    expect(second.batchItemFailures).toEqual([]);
    expect(await aws.sum(ns, 'Invocations', HAIKU_DIMS, ...WINDOW)).toBe(object.invocations);
    expect(await aws.sum(ns, 'InputTokenCount', HAIKU_DIMS, ...WINDOW)).toBe(object.inputTokens);
    expect(logs.filter((l) => l.code === 'BMAS-012' && l.key === object.key)).toHaveLength(2);
  });

  it('fails exactly the message whose object is missing and counts the rest of the batch', async () => {
    const ns = 'Test/Partial';
    const WINDOW = windowOf(hourAgo(4));
    const a = await putObject('partial-a', WINDOW[0]);
    const b = await putObject('partial-b', WINDOW[0]);
    const missing = s3Message(BUCKET, logKey('us-east-1', new Date(WINDOW[0]).toISOString(), 'gone'), '"0123456789abcdef0123456789abcdef"');
    const response = await new InvocationLogAggregator(config(ns)).handleSqsEvent(sqsEvent(s3Message(BUCKET, a.key, a.eTag), missing, s3Message(BUCKET, b.key, b.eTag)));
    expect(response.batchItemFailures).toEqual([{ itemIdentifier: missing.messageId }]);
    expect(await aws.sum(ns, 'Invocations', HAIKU_DIMS, ...WINDOW)).toBe(a.invocations + b.invocations);
  });

  it('does not double-count when the run fails after publishing and before recording the object', async () => {
    const ns = 'Test/CrashBeforeRecord';
    const WINDOW = windowOf(hourAgo(5));
    const object = await putObject('crash-record', WINDOW[0]);
    let crash = true;
    const aggregator = new InvocationLogAggregator(
      config(ns, {
        hooks: {
          beforeRecord: () => {
            if (crash) throw new Error('injected crash between publish and record');
          },
        },
      }),
    );
    const message = s3Message(BUCKET, object.key, object.eTag);
    expect((await aggregator.handleSqsEvent(sqsEvent(message))).batchItemFailures).toEqual([{ itemIdentifier: message.messageId }]);
    crash = false;
    expect((await aggregator.handleSqsEvent(sqsEvent(message))).batchItemFailures).toEqual([]);
    expect(await aws.sum(ns, 'Invocations', HAIKU_DIMS, ...WINDOW)).toBe(object.invocations);
    expect(await aws.sum(ns, 'InputTokenCount', HAIKU_DIMS, ...WINDOW)).toBe(object.inputTokens);
    const item = await aws.ledgerItem(TABLE, `s3://${BUCKET}/${object.key}#e:${object.eTag.replace(/"/g, '')}`);
    expect(item).toMatchObject({ State: 'done', Attempts: 2, RecordCount: 60 });
  });

  it('survives a worker that dies mid-publish: the lease expires, the in-flight batch is not re-sent, the rest is, and the stale worker cannot write', async () => {
    const ns = 'Test/CrashMidPublish';
    const WINDOW = windowOf(hourAgo(6));
    const object = await putObject('crash-mid', WINDOW[0]);
    const leaseMs = 60_000;
    let release: () => void = () => undefined;
    let crashed!: () => void;
    const crashedAfterBatch = new Promise<void>((resolve) => (crashed = resolve));
    // Worker A freezes right after CloudWatch accepted batch 1 and before recording it: what a killed
    // process leaves behind, without the clean-up a thrown error would run.
    const workerA = new InvocationLogAggregator(
      config(ns, {
        leaseMs,
        hooks: {
          afterPublishBatch: (_ref, index) => {
            if (index !== 1) return;
            crashed();
            return new Promise<void>((resolve) => (release = resolve));
          },
        },
      }),
    );
    const message = s3Message(BUCKET, object.key, object.eTag);
    const runA = workerA.handleSqsEvent(sqsEvent(message));
    await crashedAfterBatch;

    // While A's lease holds, another worker must not start.
    const busy = await new InvocationLogAggregator(config(ns, { leaseMs })).handleSqsEvent(sqsEvent(message));
    expect(busy.batchItemFailures).toEqual([{ itemIdentifier: message.messageId }]);

    // After the lease: worker B takes over.
    const later = () => Date.now() + leaseMs + 1_000;
    const workerB = new InvocationLogAggregator(config(ns, { leaseMs, now: later }));
    expect((await workerB.handleSqsEvent(sqsEvent(message))).batchItemFailures).toEqual([]);
    expect(logs.some((l) => l.code === 'BMAS-004' && l.key === object.key && l.batch === 1)).toBe(true);

    // A wakes up: its next ledger write finds the claim gone, so it publishes nothing more.
    release();
    expect((await runA).batchItemFailures).toEqual([{ itemIdentifier: message.messageId }]);
    expect(logs.some((l) => l.code === 'BMAS-011' && l.key === object.key && /lost/.test(l.message))).toBe(true);

    // Batch 1 reached CloudWatch exactly once (from A), the others exactly once (0 from A, 2… from B).
    expect(await aws.sum(ns, 'Invocations', HAIKU_DIMS, ...WINDOW)).toBe(object.invocations);
    expect(await aws.sum(ns, 'InputTokenCount', HAIKU_DIMS, ...WINDOW)).toBe(object.inputTokens);
    const item = await aws.ledgerItem(TABLE, `s3://${BUCKET}/${object.key}#e:${object.eTag.replace(/"/g, '')}`);
    expect(item).toMatchObject({ State: 'done', AmbiguousBatches: 1 });
  });
});
