import { HeadObjectCommand, CreateBucketCommand } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InvocationLogAggregator } from '../src/InvocationLogAggregator';
import type { LogEntry } from '../src/StructuredLogger';
import { HAIKU, gzipLines, invocationRecord, logKey } from './fixtures';
import { CREDENTIALS, LocalAws, REGION } from './support/aws';
import { s3Message, sqsEvent } from './support/events';
import { ThrottlingProxy } from './support/ThrottlingProxy';

const TABLE = 'ledger-throttling';
const BUCKET = 'bedrock-logs-throttle';
const hourAgo = (n: number) => Math.floor(Date.now() / 3_600_000) * 3_600_000 - n * 3_600_000;
const HAIKU_DIMS = [{ Name: 'BaseModelId', Value: HAIKU }];

describe('CloudWatch throttling (a proxy answering Throttling in front of moto)', () => {
  let aws: LocalAws;
  const logs: LogEntry[] = [];

  beforeAll(async () => {
    aws = await LocalAws.start();
    await aws.createLedgerTable(TABLE);
    await aws.s3.send(new CreateBucketCommand({ Bucket: BUCKET }));
  }, 60_000);

  afterAll(async () => {
    await aws?.stop();
  });

  const object = async (name: string, hour: number, calls: number) => {
    const key = logKey('us-east-1', new Date(hour).toISOString(), name);
    const lines = Array.from({ length: calls }, (_, i) =>
      JSON.stringify(invocationRecord({ timestamp: new Date(hour + (i % 60) * 60_000).toISOString(), modelId: HAIKU, operation: 'InvokeModel', input: 10, output: 1 })),
    );
    await aws.put(BUCKET, key, gzipLines(lines));
    const head = await aws.s3.send(new HeadObjectCommand({ Bucket: BUCKET, Key: key }));
    return { key, eTag: head.ETag as string };
  };

  const aggregatorVia = (endpoint: string, extra: { sdkMaxAttempts: number; publishRounds: number }) =>
    new InvocationLogAggregator({
      ledgerTable: TABLE,
      namespace: 'Test/Throttling',
      region: REGION,
      clientConfig: { endpoint, credentials: CREDENTIALS, forcePathStyle: true },
      maxDatumsPerRequest: 100,
      retryBaseDelayMs: 5,
      retryMaxDelayMs: 50,
      logSink: (line) => logs.push(JSON.parse(line) as LogEntry),
      ...extra,
    });

  it('retries throttled PutMetricData inside the SDK with backoff and publishes every point once', async () => {
    const proxy = new ThrottlingProxy(aws.endpoint, (call) => call <= 3);
    const endpoint = await proxy.start();
    try {
      const hour = hourAgo(2);
      const o = await object('throttled', hour, 120);
      const response = await aggregatorVia(endpoint, { sdkMaxAttempts: 5, publishRounds: 1 }).handleSqsEvent(sqsEvent(s3Message(BUCKET, o.key, o.eTag)));
      expect(response.batchItemFailures).toEqual([]);
      expect(proxy.throttled).toBe(3);
      // 60 minutes × (Invocations, InputTokenCount, OutputTokenCount, EstimatedCostUSD) × (full set + roll-up) = 480 points → 5 batches.
      expect(proxy.putMetricDataCalls).toBe(5 + 3);
      expect(await aws.sum('Test/Throttling', 'Invocations', HAIKU_DIMS, hour, hour + 3_600_000)).toBe(120);
      expect(await aws.sum('Test/Throttling', 'InputTokenCount', HAIKU_DIMS, hour, hour + 3_600_000)).toBe(1200);
    } finally {
      await proxy.stop();
    }
  });

  it('after the SDK and our own rounds give up, fails the message (BMAS-004); the redelivery publishes the rest without repeating a batch', async () => {
    const proxy = new ThrottlingProxy(aws.endpoint, (call) => call >= 3 && call <= 6);
    const endpoint = await proxy.start();
    try {
      const hour = hourAgo(3);
      const o = await object('persistently-throttled', hour, 120);
      const aggregator = aggregatorVia(endpoint, { sdkMaxAttempts: 2, publishRounds: 2 });
      const message = s3Message(BUCKET, o.key, o.eTag);
      // Batches 0 and 1 go through (calls 1–2), then 2 SDK attempts × 2 rounds of batch 2 are throttled (calls 3–6).
      const first = await aggregator.handleSqsEvent(sqsEvent(message));
      expect(proxy.throttled).toBe(4);
      expect(first.batchItemFailures).toEqual([{ itemIdentifier: message.messageId }]);
      const failure = logs.find((l) => l.code === 'BMAS-004' && l.key === o.key);
      expect(failure).toMatchObject({ awsError: 'Throttling', rejected: true, transient: true });

      const second = await aggregator.handleSqsEvent(sqsEvent(message));
      expect(second.batchItemFailures).toEqual([]);
      expect(await aws.sum('Test/Throttling', 'Invocations', HAIKU_DIMS, hour, hour + 3_600_000)).toBe(120);
      expect(await aws.sum('Test/Throttling', 'InputTokenCount', HAIKU_DIMS, hour, hour + 3_600_000)).toBe(1200);
      // The rejected batch was not treated as possibly stored: nothing skipped, 5 batches accepted in all.
      expect(logs.some((l) => l.code === 'BMAS-004' && l.key === o.key && /in flight/.test(l.message))).toBe(false);
      expect(proxy.putMetricDataCalls - proxy.throttled).toBe(5);
    } finally {
      await proxy.stop();
    }
  });
});
