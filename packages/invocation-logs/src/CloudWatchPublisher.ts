import { CloudWatchClient, PutMetricDataCommand, type MetricDatum } from '@aws-sdk/client-cloudwatch';
import { ConfiguredRetryStrategy } from '@smithy/core/retry';
import { BMAS, BmasError } from './bmas';
import { fullJitterDelay, sleep } from './backoff';
import type { AwsClientConfig } from './types';

export interface CloudWatchPublisherOptions {
  namespace: string;
  client?: CloudWatchClient;
  region?: string;
  clientConfig?: AwsClientConfig;
  sdkMaxAttempts?: number;
  publishRounds?: number;
  retryBaseDelayMs?: number;
  retryMaxDelayMs?: number;
}

/** Errors that no retry will fix: the request itself or the permissions are wrong. */
const PERMANENT = new Set([
  'AccessDenied',
  'AccessDeniedException',
  'InvalidParameterValue',
  'InvalidParameterValueException',
  'InvalidParameterCombination',
  'MissingParameter',
  'MissingRequiredParameterException',
  'UnrecognizedClientException',
  'InvalidClientTokenId',
]);

/**
 * Sends one PutMetricData batch. Throttling is first retried inside the AWS SDK (its retry strategy,
 * with our full-jitter backoff); if the SDK gives up, we wait and try the whole batch again a few rounds,
 * because a batch that finally fails costs a redelivery of the whole object.
 */
export class CloudWatchPublisher {
  private readonly client: CloudWatchClient;
  private readonly namespace: string;
  private readonly rounds: number;
  private readonly baseMs: number;
  private readonly capMs: number;

  constructor(options: CloudWatchPublisherOptions) {
    this.namespace = options.namespace;
    this.rounds = options.publishRounds ?? 3;
    this.baseMs = options.retryBaseDelayMs ?? 100;
    this.capMs = options.retryMaxDelayMs ?? 20_000;
    this.client =
      options.client ??
      new CloudWatchClient({
        ...(options.region !== undefined ? { region: options.region } : {}),
        ...(options.clientConfig?.endpoint !== undefined ? { endpoint: options.clientConfig.endpoint } : {}),
        ...(options.clientConfig?.credentials !== undefined ? { credentials: options.clientConfig.credentials } : {}),
        ...(options.clientConfig?.disableRequestCompression === true ? { disableRequestCompression: true } : {}),
        retryStrategy: new ConfiguredRetryStrategy(options.sdkMaxAttempts ?? 5, (attempt) => fullJitterDelay(attempt, this.baseMs, this.capMs)),
      });
  }

  async publish(batch: MetricDatum[]): Promise<void> {
    let lastError: unknown;
    for (let round = 0; round < this.rounds; round += 1) {
      if (round > 0) await sleep(fullJitterDelay(round + 2, this.baseMs, this.capMs));
      try {
        await this.client.send(new PutMetricDataCommand({ Namespace: this.namespace, MetricData: batch }));
        return;
      } catch (error) {
        lastError = error;
        if (PERMANENT.has((error as Error).name)) break;
      }
    }
    const name = (lastError as Error | undefined)?.name ?? 'Error';
    const status = (lastError as { $metadata?: { httpStatusCode?: number } } | undefined)?.$metadata?.httpStatusCode;
    throw new BmasError(BMAS.PUBLISH_FAILED, `PutMetricData failed: ${name}: ${(lastError as Error | undefined)?.message ?? ''}`, {
      transient: !PERMANENT.has(name),
      cause: lastError,
      // A 4xx answer (throttling included) means CloudWatch stored nothing; a 5xx or a lost connection may have.
      details: { awsError: name, datums: batch.length, httpStatus: status, rejected: status !== undefined && status >= 400 && status < 500 },
    });
  }
}
