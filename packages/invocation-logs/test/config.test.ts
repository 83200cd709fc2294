import { DiagLogLevel, diag, type DiagLogger } from '@opentelemetry/api';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { InvocationLogAggregator } from '../src/InvocationLogAggregator';
import { MemoryLedger } from '../src/MemoryLedger';
import { invocationLogsConfigFromEnv } from '../src/invocationLogsConfigFromEnv';
import { resolveConfig } from '../src/resolveConfig';
import { s3Message, sqsEvent } from './support/events';

describe('configuration', () => {
  const warnings: string[] = [];
  beforeEach(() => {
    warnings.length = 0;
    const logger: DiagLogger = { error: () => {}, warn: (m: string) => warnings.push(m), info: () => {}, debug: () => {}, verbose: () => {} };
    diag.setLogger(logger, { logLevel: DiagLogLevel.WARN, suppressOverrideMessage: true });
  });
  afterEach(() => diag.disable());

  it('maps KENSA_INVOCATION_LOGS_* onto options', () => {
    expect(
      invocationLogsConfigFromEnv({
        KENSA_INVOCATION_LOGS_TABLE: 'ledger',
        KENSA_INVOCATION_LOGS_NAMESPACE: 'NS',
        KENSA_INVOCATION_LOGS_LEASE_MS: '60000',
        KENSA_INVOCATION_LOGS_IDENTITY: 'arn',
        KENSA_INVOCATION_LOGS_DIMENSIONS: 'Env=prod,Team=manga',
        KENSA_INVOCATION_LOGS_ROLLUPS: 'BaseModelId;SourceRegion+InferenceRegion',
        AWS_REGION: 'ap-northeast-1',
      }),
    ).toEqual({
      ledgerTable: 'ledger',
      namespace: 'NS',
      leaseMs: 60000,
      identity: 'arn',
      staticDimensions: { Env: 'prod', Team: 'manga' },
      rollups: [['BaseModelId'], ['SourceRegion', 'InferenceRegion']],
      region: 'ap-northeast-1',
    });
  });

  it('warns once about a bad value and falls back', () => {
    const env = { KENSA_INVOCATION_LOGS_LEASE_MS: 'soon', KENSA_INVOCATION_LOGS_IDENTITY: 'everyone', KENSA_INVOCATION_LOGS_DIMENSIONS: 'novalue' };
    expect(invocationLogsConfigFromEnv(env)).toEqual({ staticDimensions: {} });
    invocationLogsConfigFromEnv(env);
    expect(warnings).toHaveLength(3);
    expect(warnings.join('\n')).toMatch(/KENSA_INVOCATION_LOGS_LEASE_MS=soon/);
  });

  it('keeps every data point within 30 dimensions (BMAS-009) and drops unknown roll-up dimensions', () => {
    const statics = Object.fromEntries(Array.from({ length: 25 }, (_, i) => [`D${i}`, 'v']));
    const resolved = resolveConfig({ staticDimensions: statics, rollups: [['BaseModelId', 'Nope'], ['Nope']] });
    // 8 series dimensions + ErrorCode + static ≤ 30
    expect(resolved.staticDimensions).toHaveLength(21);
    expect(resolved.rollups).toEqual([['BaseModelId']]);
    expect(warnings.some((w) => w.includes('BMAS-009'))).toBe(true);
  });

  it('hands messages back unprocessed when the Lambda is about to time out', async () => {
    const aggregator = new InvocationLogAggregator({ region: 'us-east-1', logSink: () => {} });
    const a = s3Message('b', 'k1', 'e');
    const b = s3Message('b', 'k2', 'e');
    const response = await aggregator.handleSqsEvent(sqsEvent(a, b), { getRemainingTimeInMillis: () => 5_000 });
    expect(response.batchItemFailures).toEqual([{ itemIdentifier: a.messageId }, { itemIdentifier: b.messageId }]);
  });
});

describe('MemoryLedger', () => {
  it('counts an object once per process and forgets the oldest past its bound', async () => {
    const ledger = new MemoryLedger(2);
    for (const id of ['a', 'b']) {
      expect((await ledger.claim(id)).kind).toBe('claimed');
      await ledger.complete(id, { records: 1, skipped: 0, metrics: 1, ambiguousBatches: 0 });
    }
    expect((await ledger.claim('a')).kind).toBe('done');
    expect((await ledger.claim('c')).kind).toBe('claimed');
    expect((await ledger.claim('a')).kind).toBe('claimed');
  });
});
