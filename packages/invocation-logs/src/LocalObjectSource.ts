import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import type { Readable } from 'node:stream';
import { BMAS, BmasError } from './bmas';
import type { ObjectSource } from './ObjectSource';
import type { ObjectRef } from './types';

/** Reads log objects from a local directory (backfill from a `aws s3 sync` copy); `bucket` is the directory. */
export class LocalObjectSource implements ObjectSource {
  async versionOf(ref: ObjectRef): Promise<string> {
    try {
      const info = await stat(this.path(ref));
      return `f:${info.size}:${Math.trunc(info.mtimeMs)}`;
    } catch (error) {
      throw classify(error, this.path(ref));
    }
  }

  async open(ref: ObjectRef): Promise<Readable> {
    const path = this.path(ref);
    // 16 KiB, like the TLS records an S3 body arrives in: a larger compressed chunk stays referenced while it
    // inflates into thousands of lines, gets promoted out of the young generation, and then lingers until a
    // full GC, so peak memory would grow with the file (measured: +25 MB at 1M records with 256 KiB chunks).
    const stream = createReadStream(path, { highWaterMark: 16 * 1024 });
    // Surface open errors (ENOENT, EACCES) here rather than mid-pipeline.
    await new Promise<void>((resolve, reject) => {
      stream.once('open', () => resolve());
      stream.once('error', (error) => reject(classify(error, path)));
    });
    return stream;
  }

  private path(ref: ObjectRef): string {
    return `${ref.bucket}/${ref.key}`;
  }
}

function classify(error: unknown, path: string): BmasError {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'EACCES' || code === 'EPERM') return new BmasError(BMAS.ACCESS_DENIED, `${path}: ${code}`, { cause: error });
  return new BmasError(BMAS.OBJECT_NOT_FOUND, `${path}: ${code ?? (error as Error).message}`, { cause: error });
}
