import { BMAS, BmasError } from './bmas';
import type { ObjectRef } from './types';

/**
 * The S3 objects an SQS message body announces: an S3 event notification, the same wrapped in SNS,
 * or an EventBridge "Object Created" event. The `s3:TestEvent` S3 sends when notifications are
 * configured announces nothing. Anything else is BMAS-005.
 */
export function parseSqsMessage(body: string): ObjectRef[] {
  let message: unknown;
  try {
    message = JSON.parse(body);
  } catch {
    throw new BmasError(BMAS.MALFORMED_SQS_MESSAGE, 'SQS message body is not JSON');
  }
  if (isObject(message) && message.Type === 'Notification' && typeof message.Message === 'string') {
    return parseSqsMessage(message.Message);
  }
  if (isObject(message) && message.Event === 's3:TestEvent') return [];
  if (isObject(message) && Array.isArray(message.Records)) {
    const refs: ObjectRef[] = [];
    for (const record of message.Records) {
      if (!isObject(record) || !isObject(record.s3)) throw new BmasError(BMAS.MALFORMED_SQS_MESSAGE, 'S3 event record without s3 section');
      if (typeof record.eventName === 'string' && !record.eventName.startsWith('ObjectCreated')) continue;
      const bucket = isObject(record.s3.bucket) ? record.s3.bucket.name : undefined;
      const object = isObject(record.s3.object) ? record.s3.object : undefined;
      if (typeof bucket !== 'string' || object === undefined || typeof object.key !== 'string') {
        throw new BmasError(BMAS.MALFORMED_SQS_MESSAGE, 'S3 event record without bucket name or object key');
      }
      refs.push({
        bucket,
        // S3 event keys are URL-encoded with '+' for spaces.
        key: decodeKey(object.key),
        ...(typeof object.eTag === 'string' ? { eTag: object.eTag } : {}),
        ...(typeof object.versionId === 'string' && object.versionId !== '' ? { versionId: object.versionId } : {}),
        ...(typeof object.size === 'number' ? { size: object.size } : {}),
      });
    }
    return refs;
  }
  if (isObject(message) && message['detail-type'] === 'Object Created' && isObject(message.detail)) {
    const detail = message.detail;
    const bucket = isObject(detail.bucket) ? detail.bucket.name : undefined;
    const object = isObject(detail.object) ? detail.object : undefined;
    if (typeof bucket === 'string' && object !== undefined && typeof object.key === 'string') {
      return [
        {
          bucket,
          key: object.key,
          ...(typeof object.etag === 'string' ? { eTag: object.etag } : {}),
          ...(typeof object['version-id'] === 'string' ? { versionId: object['version-id'] } : {}),
        },
      ];
    }
  }
  throw new BmasError(BMAS.MALFORMED_SQS_MESSAGE, 'SQS message is neither an S3 event notification nor an EventBridge Object Created event');
}

function decodeKey(key: string): string {
  try {
    return decodeURIComponent(key.replace(/\+/g, ' '));
  } catch {
    return key;
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
