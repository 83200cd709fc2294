import { readdir } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import type { InvocationLogAggregator } from './InvocationLogAggregator';
import type { ObjectRef, ObjectResult } from './types';

/** Totals of a backfill run. */
export interface BackfillSummary {
  objects: number;
  done: number;
  duplicate: number;
  failed: number;
  records: number;
  skipped: number;
  metricsPublished: number;
}

const LOG_OBJECT = /\.json(\.gz)?$/;

/** Every object under an S3 prefix, page by page (never the whole listing in memory). */
export async function* listS3Objects(client: S3Client, bucket: string, prefix: string): AsyncGenerator<ObjectRef> {
  let token: string | undefined;
  do {
    const page = await client.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix, ...(token !== undefined ? { ContinuationToken: token } : {}) }));
    for (const object of page.Contents ?? []) {
      if (object.Key === undefined || !LOG_OBJECT.test(object.Key)) continue;
      yield { bucket, key: object.Key, ...(object.ETag !== undefined ? { eTag: object.ETag } : {}), ...(object.Size !== undefined ? { size: object.Size } : {}) };
    }
    token = page.IsTruncated === true ? page.NextContinuationToken : undefined;
  } while (token !== undefined);
}

/** Every `.json.gz` file under a directory, depth first, as refs relative to it. */
export async function* listLocalObjects(dir: string): AsyncGenerator<ObjectRef> {
  const walk = async function* (current: string): AsyncGenerator<ObjectRef> {
    const entries = await readdir(current, { withFileTypes: true });
    entries.sort((a, b) => (a.name < b.name ? -1 : 1));
    for (const entry of entries) {
      const path = join(current, entry.name);
      if (entry.isDirectory()) yield* walk(path);
      else if (entry.isFile() && LOG_OBJECT.test(entry.name)) yield { bucket: dir, key: relative(dir, path) };
    }
  };
  yield* walk(dir);
}

/** Counts every listed object through the aggregator, one at a time. */
export async function backfill(aggregator: InvocationLogAggregator, refs: AsyncIterable<ObjectRef>, onResult?: (result: ObjectResult) => void): Promise<BackfillSummary> {
  const summary: BackfillSummary = { objects: 0, done: 0, duplicate: 0, failed: 0, records: 0, skipped: 0, metricsPublished: 0 };
  for await (const ref of refs) {
    const result = await aggregator.processObject(ref);
    summary.objects += 1;
    summary[result.status] += 1;
    summary.records += result.records;
    summary.skipped += result.skipped;
    summary.metricsPublished += result.metricsPublished;
    onResult?.(result);
  }
  return summary;
}
