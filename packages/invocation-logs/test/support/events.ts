import type { SQSEvent, SQSRecord } from 'aws-lambda';

let counter = 0;

/** An SQS record carrying an S3 ObjectCreated notification, as the Lambda event source delivers it. */
export function s3Message(bucket: string, key: string, eTag?: string, messageId = `m-${++counter}`): SQSRecord {
  const body = JSON.stringify({
    Records: [
      {
        eventVersion: '2.1',
        eventSource: 'aws:s3',
        awsRegion: 'us-east-1',
        eventName: 'ObjectCreated:Put',
        s3: { bucket: { name: bucket }, object: { key: encodeURIComponent(key).replace(/%2F/g, '/').replace(/%20/g, '+'), ...(eTag !== undefined ? { eTag } : {}), size: 1 } },
      },
    ],
  });
  return {
    messageId,
    receiptHandle: `rh-${messageId}`,
    body,
    attributes: {} as SQSRecord['attributes'],
    messageAttributes: {},
    md5OfBody: '',
    eventSource: 'aws:sqs',
    eventSourceARN: 'arn:aws:sqs:us-east-1:123456789012:bedrock-log-objects',
    awsRegion: 'us-east-1',
  };
}

export function sqsEvent(...records: SQSRecord[]): SQSEvent {
  return { Records: records };
}
