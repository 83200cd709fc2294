import type { Readable } from 'node:stream';
import { GetObjectCommand, HeadObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { BMAS, BmasError } from './bmas';
import type { ObjectSource } from './ObjectSource';
import type { ObjectRef } from './types';

const NOT_FOUND = new Set(['NoSuchKey', 'NotFound', 'NoSuchBucket', 'NoSuchVersion', 'PreconditionFailed']);
const DENIED = new Set(['AccessDenied', 'AccessDeniedException', 'KMS.AccessDeniedException', 'KMS.DisabledException', 'InvalidObjectState', 'Forbidden']);

/** Streams objects from S3, pinned to the version (or ETag) the notification named. */
export class S3ObjectSource implements ObjectSource {
  private readonly client: S3Client;

  constructor(client: S3Client) {
    this.client = client;
  }

  async versionOf(ref: ObjectRef): Promise<string> {
    if (ref.versionId !== undefined) return `v:${ref.versionId}`;
    if (ref.eTag !== undefined) return `e:${stripQuotes(ref.eTag)}`;
    try {
      const head = await this.client.send(new HeadObjectCommand({ Bucket: ref.bucket, Key: ref.key }));
      ref.eTag = head.ETag !== undefined ? stripQuotes(head.ETag) : undefined;
      return `e:${ref.eTag ?? 'unknown'}`;
    } catch (error) {
      throw classify(error, ref);
    }
  }

  async open(ref: ObjectRef): Promise<Readable> {
    try {
      const result = await this.client.send(
        new GetObjectCommand({
          Bucket: ref.bucket,
          Key: ref.key,
          ...(ref.versionId !== undefined ? { VersionId: ref.versionId } : ref.eTag !== undefined ? { IfMatch: `"${stripQuotes(ref.eTag)}"` } : {}),
        }),
      );
      return result.Body as Readable;
    } catch (error) {
      throw classify(error, ref);
    }
  }
}

function classify(error: unknown, ref: ObjectRef): BmasError {
  const name = (error as Error).name;
  const status = (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
  const where = `s3://${ref.bucket}/${ref.key}`;
  if (NOT_FOUND.has(name) || status === 404 || status === 412) {
    return new BmasError(BMAS.OBJECT_NOT_FOUND, `${where} not found (deleted, overwritten or stale key): ${name}`, { cause: error, details: { awsError: name } });
  }
  if (DENIED.has(name) || status === 403) {
    return new BmasError(BMAS.ACCESS_DENIED, `${where} access denied (check IAM s3:GetObject and KMS kms:Decrypt): ${name}`, { cause: error, details: { awsError: name } });
  }
  // Throttling, 5xx, network: the object is probably fine; try again on redelivery.
  return new BmasError(BMAS.OBJECT_NOT_FOUND, `${where} could not be read: ${name}: ${(error as Error).message}`, { transient: true, cause: error, details: { awsError: name } });
}

function stripQuotes(eTag: string): string {
  return eTag.replace(/^"|"$/g, '');
}
