import { CloudWatchClient, GetMetricDataCommand, ListMetricsCommand, type Dimension } from '@aws-sdk/client-cloudwatch';
import { CreateTableCommand, DynamoDBClient, GetItemCommand } from '@aws-sdk/client-dynamodb';
import { CreateBucketCommand, PutBucketNotificationConfigurationCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { CreateQueueCommand, DeleteMessageCommand, GetQueueAttributesCommand, ReceiveMessageCommand, SQSClient, SendMessageCommand } from '@aws-sdk/client-sqs';
import type { SQSEvent, SQSRecord } from 'aws-lambda';
import { FAKE_AWS_CREDENTIALS, startMoto } from '../../../../test/harness/moto';

export const REGION = 'us-east-1';
export const CREDENTIALS = { ...FAKE_AWS_CREDENTIALS };

/** Real AWS SDK clients against one moto server, plus the few set-up and read-back steps the tests share. */
export class LocalAws {
  readonly s3: S3Client;
  readonly sqs: SQSClient;
  readonly dynamodb: DynamoDBClient;
  readonly cloudwatch: CloudWatchClient;

  private constructor(readonly endpoint: string, private readonly stopServer: () => Promise<void>) {
    const base = { endpoint, region: REGION, credentials: CREDENTIALS };
    this.s3 = new S3Client({ ...base, forcePathStyle: true });
    this.sqs = new SQSClient(base);
    this.dynamodb = new DynamoDBClient(base);
    this.cloudwatch = new CloudWatchClient(base);
  }

  static async start(): Promise<LocalAws> {
    const moto = await startMoto();
    return new LocalAws(moto.endpoint, () => moto.stop());
  }

  async stop(): Promise<void> {
    for (const c of [this.s3, this.sqs, this.dynamodb, this.cloudwatch]) c.destroy();
    await this.stopServer();
  }

  async createLedgerTable(name: string): Promise<void> {
    await this.dynamodb.send(
      new CreateTableCommand({
        TableName: name,
        KeySchema: [{ AttributeName: 'ObjectId', KeyType: 'HASH' }],
        AttributeDefinitions: [{ AttributeName: 'ObjectId', AttributeType: 'S' }],
        BillingMode: 'PAY_PER_REQUEST',
      }),
    );
  }

  async ledgerItem(table: string, objectId: string): Promise<Record<string, unknown> | undefined> {
    const r = await this.dynamodb.send(new GetItemCommand({ TableName: table, Key: { ObjectId: { S: objectId } }, ConsistentRead: true }));
    if (r.Item === undefined) return undefined;
    return Object.fromEntries(Object.entries(r.Item).map(([k, v]) => [k, v.S ?? (v.N !== undefined ? Number(v.N) : v)]));
  }

  /** A bucket that notifies a queue of every created object, as Bedrock log delivery is wired in production. */
  async bucketWithQueue(bucket: string, queue: string): Promise<string> {
    await this.s3.send(new CreateBucketCommand({ Bucket: bucket }));
    const { QueueUrl } = await this.sqs.send(new CreateQueueCommand({ QueueName: queue }));
    const attrs = await this.sqs.send(new GetQueueAttributesCommand({ QueueUrl, AttributeNames: ['QueueArn'] }));
    await this.s3.send(
      new PutBucketNotificationConfigurationCommand({
        Bucket: bucket,
        NotificationConfiguration: { QueueConfigurations: [{ QueueArn: attrs.Attributes?.QueueArn, Events: ['s3:ObjectCreated:*'] }] },
      }),
    );
    return QueueUrl as string;
  }

  async put(bucket: string, key: string, body: Buffer | string): Promise<void> {
    await this.s3.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: body }));
  }

  async send(queueUrl: string, body: string): Promise<void> {
    await this.sqs.send(new SendMessageCommand({ QueueUrl: queueUrl, MessageBody: body }));
  }

  /** Receives up to `max` messages and shapes them as the Lambda SQS event source would. */
  async receiveEvent(queueUrl: string, max = 10): Promise<SQSEvent> {
    const records: SQSRecord[] = [];
    for (let i = 0; i < 5 && records.length < max; i += 1) {
      const r = await this.sqs.send(new ReceiveMessageCommand({ QueueUrl: queueUrl, MaxNumberOfMessages: Math.min(10, max - records.length), WaitTimeSeconds: 0 }));
      for (const m of r.Messages ?? []) {
        records.push({
          messageId: m.MessageId as string,
          receiptHandle: m.ReceiptHandle as string,
          body: m.Body as string,
          attributes: {} as SQSRecord['attributes'],
          messageAttributes: {},
          md5OfBody: m.MD5OfBody as string,
          eventSource: 'aws:sqs',
          eventSourceARN: `arn:aws:sqs:${REGION}:123456789012:queue`,
          awsRegion: REGION,
        });
        await this.sqs.send(new DeleteMessageCommand({ QueueUrl: queueUrl, ReceiptHandle: m.ReceiptHandle }));
      }
      if ((r.Messages ?? []).length === 0) break;
    }
    return { Records: records };
  }

  /** Sum of a metric over [start, end) at one-minute resolution. */
  async sum(namespace: string, metricName: string, dimensions: Dimension[], start: number, end: number): Promise<number> {
    const r = await this.cloudwatch.send(
      new GetMetricDataCommand({
        StartTime: new Date(start),
        EndTime: new Date(end),
        MetricDataQueries: [{ Id: 'q', MetricStat: { Metric: { Namespace: namespace, MetricName: metricName, Dimensions: dimensions }, Period: 60, Stat: 'Sum' } }],
      }),
    );
    return (r.MetricDataResults?.[0]?.Values ?? []).reduce((a, b) => a + b, 0);
  }

  async metrics(namespace: string, metricName?: string): Promise<Array<{ name: string; dimensions: Record<string, string> }>> {
    const out: Array<{ name: string; dimensions: Record<string, string> }> = [];
    let token: string | undefined;
    do {
      const r = await this.cloudwatch.send(new ListMetricsCommand({ Namespace: namespace, ...(metricName !== undefined ? { MetricName: metricName } : {}), ...(token ? { NextToken: token } : {}) }));
      for (const m of r.Metrics ?? []) out.push({ name: m.MetricName as string, dimensions: Object.fromEntries((m.Dimensions ?? []).map((d) => [d.Name, d.Value])) });
      token = r.NextToken;
    } while (token);
    return out;
  }
}
