import { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { S3Client } from '@aws-sdk/client-s3';
import { diag } from '@opentelemetry/api';
import type { Context, SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { BMAS, BmasError } from './bmas';
import { CloudWatchPublisher } from './CloudWatchPublisher';
import { DynamoDbLedger } from './DynamoDbLedger';
import type { Ledger } from './Ledger';
import { LocalObjectSource } from './LocalObjectSource';
import { MemoryLedger } from './MemoryLedger';
import { ObjectProcessor, type MetricSink } from './ObjectProcessor';
import type { ObjectSource } from './ObjectSource';
import { parseSqsMessage } from './parseSqsMessage';
import { resolveConfig } from './resolveConfig';
import { S3ObjectSource } from './S3ObjectSource';
import { StructuredLogger } from './StructuredLogger';
import type { InvocationLogsConfig, ObjectRef, ObjectResult } from './types';

/**
 * The aggregator: S3 (or a local directory) → per-minute sums → CloudWatch, each object exactly once.
 * One instance per Lambda container; clients are created once and reused across invocations.
 */
export class InvocationLogAggregator {
  private readonly logger: StructuredLogger;
  private readonly processor: ObjectProcessor;
  private readonly remainingTimeSafetyMs: number;
  readonly ledgerIsDurable: boolean;

  constructor(config: InvocationLogsConfig = {}, options: { source?: 'local'; sink?: MetricSink } = {}) {
    const resolved = resolveConfig(config);
    const now = config.now ?? Date.now;
    this.logger = new StructuredLogger(config.logSink !== undefined ? { sink: config.logSink } : {});
    this.remainingTimeSafetyMs = config.remainingTimeSafetyMs ?? 10_000;
    const base = {
      ...(config.region !== undefined ? { region: config.region } : {}),
      ...(config.clientConfig?.endpoint !== undefined ? { endpoint: config.clientConfig.endpoint } : {}),
      ...(config.clientConfig?.credentials !== undefined ? { credentials: config.clientConfig.credentials } : {}),
    };
    const source: ObjectSource =
      options.source === 'local'
        ? new LocalObjectSource()
        : new S3ObjectSource(config.s3 ?? new S3Client({ ...base, ...(config.clientConfig?.forcePathStyle ? { forcePathStyle: true } : {}) }));
    let ledger: Ledger;
    if (config.ledgerTable !== undefined) {
      ledger = new DynamoDbLedger({
        table: config.ledgerTable,
        client: config.dynamodb ?? new DynamoDBClient(base),
        leaseMs: resolved.leaseMs,
        ttlDays: resolved.ledgerTtlDays,
        now,
      });
      this.ledgerIsDurable = true;
    } else {
      ledger = new MemoryLedger();
      this.ledgerIsDurable = false;
      if (options.sink === undefined) {
        diag.warn('@kensa/invocation-logs: no ledgerTable: an object redelivered to another process or after a restart is counted again');
      }
    }
    const sink =
      options.sink ??
      new CloudWatchPublisher({
        namespace: resolved.namespace,
        ...(config.cloudwatch !== undefined ? { client: config.cloudwatch } : {}),
        ...(config.region !== undefined ? { region: config.region } : {}),
        ...(config.clientConfig !== undefined ? { clientConfig: config.clientConfig } : {}),
        ...(config.sdkMaxAttempts !== undefined ? { sdkMaxAttempts: config.sdkMaxAttempts } : {}),
        ...(config.publishRounds !== undefined ? { publishRounds: config.publishRounds } : {}),
        ...(config.retryBaseDelayMs !== undefined ? { retryBaseDelayMs: config.retryBaseDelayMs } : {}),
        ...(config.retryMaxDelayMs !== undefined ? { retryMaxDelayMs: config.retryMaxDelayMs } : {}),
      });
    this.processor = new ObjectProcessor({
      source,
      ledger,
      sink,
      logger: this.logger,
      identity: resolved.identity,
      maxSeries: resolved.maxSeries,
      maxLineBytes: resolved.maxLineBytes,
      rollups: resolved.rollups,
      staticDimensions: resolved.staticDimensions,
      maxDatumsPerRequest: resolved.maxDatumsPerRequest,
      ...(config.catalog !== undefined ? { catalog: config.catalog } : {}),
      ...(config.hooks !== undefined ? { hooks: config.hooks } : {}),
    });
  }

  processObject(ref: ObjectRef): Promise<ObjectResult> {
    return this.processor.process(ref);
  }

  /**
   * Processes an SQS batch one message at a time (memory holds one object's aggregates at most) and
   * reports exactly the messages with an object that was not counted, so SQS redelivers only those.
   */
  async handleSqsEvent(event: SQSEvent, context?: Pick<Context, 'getRemainingTimeInMillis'>): Promise<SQSBatchResponse> {
    const failures: SQSBatchResponse['batchItemFailures'] = [];
    for (const message of event.Records ?? []) {
      if (context !== undefined && context.getRemainingTimeInMillis() < this.remainingTimeSafetyMs) {
        // Starting an object we cannot finish would only hold its lease; hand it back instead.
        failures.push({ itemIdentifier: message.messageId });
        continue;
      }
      let refs: ObjectRef[];
      try {
        refs = parseSqsMessage(message.body);
      } catch (error) {
        const code = error instanceof BmasError ? error.code : BMAS.MALFORMED_SQS_MESSAGE;
        this.logger.log({ code, message: (error as Error).message, messageId: message.messageId, body: message.body.slice(0, 512) });
        failures.push({ itemIdentifier: message.messageId });
        continue;
      }
      let failed = false;
      for (const ref of refs) {
        const result = await this.processor.process(ref);
        if (result.status === 'failed') failed = true;
      }
      if (failed) failures.push({ itemIdentifier: message.messageId });
    }
    return { batchItemFailures: failures };
  }
}
