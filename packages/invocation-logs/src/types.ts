import type { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { S3Client } from '@aws-sdk/client-s3';
import type { CatalogOverrides } from '@kensa/bedrock';
import type { LogSink } from './StructuredLogger';

/** How the caller identity becomes the `Identity` dimension. */
export type IdentityMode =
  /** The role ARN without the STS session name (sessions are per-call and would explode cardinality). */
  | 'role'
  /** The ARN exactly as logged. */
  | 'arn'
  /** Drop the identity: one series for all callers. */
  | 'none';

/** The subset of AWS client configuration the package passes to every client it creates. */
export interface AwsClientConfig {
  endpoint?: string;
  credentials?: { accessKeyId: string; secretAccessKey: string; sessionToken?: string };
  /** S3 only: address buckets in the path (local servers). */
  forcePathStyle?: boolean;
  /** CloudWatch only: send PutMetricData uncompressed (some local servers cannot read gzip request bodies). */
  disableRequestCompression?: boolean;
}

/** One S3 object to count, pinned to a version so a re-read sees the same bytes. */
export interface ObjectRef {
  bucket: string;
  key: string;
  eTag?: string;
  versionId?: string;
  size?: number;
}

/** Hooks into our own seams, for tests and for operators who want to observe progress. */
export interface ProcessingHooks {
  /** After PutMetricData for batch `index` succeeded and before that progress is recorded. */
  afterPublishBatch?: (ref: ObjectRef, index: number) => void | Promise<void>;
  /** After every batch is published, before the object is recorded as done. */
  beforeRecord?: (ref: ObjectRef) => void | Promise<void>;
}

/** Options of the aggregator. Every field is optional; `invocationLogsConfigFromEnv` maps env onto it. */
export interface InvocationLogsConfig {
  /** DynamoDB table of the idempotency ledger (partition key `ObjectId`, string). Required to publish exactly once. */
  ledgerTable?: string;
  /** CloudWatch namespace. Default `Kensa/Bedrock/InvocationLogs`. */
  namespace?: string;
  /** How long a claim on an object is held before another worker may take it over, in ms. Default 900000 (the Lambda maximum timeout). */
  leaseMs?: number;
  /** Days a finished object is remembered (DynamoDB TTL attribute `ExpiresAt`). Default 30. */
  ledgerTtlDays?: number;
  /** Identity dimension mode. Default `role`. */
  identity?: IdentityMode;
  /** Extra dimensions on every metric (e.g. `{ Environment: 'prod' }`). At most 30 dimensions in all. */
  staticDimensions?: Record<string, string>;
  /** Additional roll-ups: each entry is a list of dimension names to publish the same metrics under. Default `[['BaseModelId']]`. */
  rollups?: string[][];
  /** Longest log line accepted, in bytes; longer lines are skipped (BMAS-010) so memory stays bounded. Default 1 MiB. */
  maxLineBytes?: number;
  /** Most distinct series kept for one object; past it the identity folds into `_other`. Default 20000. */
  maxSeries?: number;
  /** Data points per PutMetricData request, at most CloudWatch's 1000. Default 1000. */
  maxDatumsPerRequest?: number;
  /** Attempts per PutMetricData inside the AWS SDK's retry strategy. Default 5. */
  sdkMaxAttempts?: number;
  /** Rounds of our own retry around a failed batch (after the SDK gave up). Default 3. */
  publishRounds?: number;
  /** Base delay of exponential backoff with full jitter, in ms. Default 100. */
  retryBaseDelayMs?: number;
  /** Ceiling of one backoff delay, in ms. Default 20000. */
  retryMaxDelayMs?: number;
  /** Model catalogue overrides handed to `@kensa/bedrock` (application-profile ARN → base model, prices). */
  catalog?: CatalogOverrides;
  /** Pre-built AWS clients (tests, custom endpoints); otherwise created from the default provider chain. */
  s3?: S3Client;
  dynamodb?: DynamoDBClient;
  cloudwatch?: CloudWatchClient;
  /** AWS region for the clients the package creates. */
  region?: string;
  /** Endpoint and credentials for the clients the package creates (local test servers, VPC endpoints). */
  clientConfig?: AwsClientConfig;
  /** Where structured JSON logs go. Default stdout. */
  logSink?: LogSink;
  hooks?: ProcessingHooks;
  /** Clock, in ms since the epoch. Default `Date.now`. */
  now?: () => number;
  /** Stop taking new SQS messages when the Lambda has less than this left, in ms. Default 10000. */
  remainingTimeSafetyMs?: number;
}

/** What happened to one object. */
export interface ObjectResult {
  ref: ObjectRef;
  /** `done`: counted now · `duplicate`: counted before · `failed`: not counted, try again later. */
  status: 'done' | 'duplicate' | 'failed';
  records: number;
  skipped: number;
  metricsPublished: number;
  /** Batches whose publish outcome was unknown after a crash and were not re-sent (never double-count). */
  ambiguousBatches: number;
  error?: { code: string; message: string };
}
