import { Transform, type Readable, type TransformCallback } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGunzip } from 'node:zlib';
import { BMAS, BmasError } from './bmas';
import { LineSplitter, type LineCallback } from './LineSplitter';

const GZIP_MAGIC_0 = 0x1f;
const GZIP_MAGIC_1 = 0x8b;

/** Bytes seen and whether they start like gzip; a zero-byte object is an empty log, not a broken one. */
class GzipGuard extends Transform {
  bytes = 0;

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    if (this.bytes === 0 && chunk.length > 0 && (chunk[0] !== GZIP_MAGIC_0 || (chunk.length > 1 && chunk[1] !== GZIP_MAGIC_1))) {
      callback(new BmasError(BMAS.INVALID_LOG_FORMAT, 'object is not gzip (invocation logs are delivered as .json.gz)'));
      return;
    }
    this.bytes += chunk.length;
    callback(null, chunk);
  }
}

/**
 * Streams a gzip'd JSON-lines object through the line callback with memory bounded by one chunk and one
 * line, whatever the object's size. Resolves with the number of lines; rejects with BMAS-003 for
 * an object that is not gzip or is corrupt, with the original error for a failing source stream.
 */
export async function readLogObject(body: Readable, maxLineBytes: number, onLine: LineCallback): Promise<number> {
  const guard = new GzipGuard();
  // Each zlib write is a round trip to libuv's thread pool; 256 KiB of output per trip (a few hundred lines,
  // consumed at once) keeps those trips few without holding more than one chunk.
  const gunzip = createGunzip({ chunkSize: 256 * 1024 });
  const splitter = new LineSplitter(maxLineBytes);
  try {
    await pipeline(body, guard, gunzip, async (source: AsyncIterable<Buffer>) => {
      for await (const chunk of source) splitter.push(chunk, onLine);
      splitter.end(onLine);
    });
  } catch (error) {
    if (error instanceof BmasError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'Z_BUF_ERROR' && guard.bytes === 0) return 0;
    if (typeof code === 'string' && code.startsWith('Z_')) {
      throw new BmasError(BMAS.INVALID_LOG_FORMAT, `gzip stream is corrupt or truncated after ${splitter.linesSeen} lines: ${(error as Error).message}`, {
        cause: error,
        details: { line: splitter.linesSeen },
      });
    }
    throw error;
  }
  return splitter.linesSeen;
}
