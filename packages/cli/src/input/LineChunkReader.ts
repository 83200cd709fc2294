import { open } from 'node:fs/promises';

/** A run of whole lines of one file, read as bytes. */
export interface LineChunk {
  /**
   * Owns its ArrayBuffer (so it can be transferred to a worker and back). Bytes `[0, length)` are
   * whole lines, and `buffer[length - 1]` is always `\n`: a final line without one gets one, so a
   * scanner can stop at the terminator instead of checking bounds.
   */
  buffer: Buffer;
  length: number;
  /** File offset just past this chunk's bytes, for progress. */
  bytesDone: number;
}

export interface LineChunkReaderOptions {
  /** Bytes read per chunk (default 2 MiB); a longer line grows its buffer to fit. */
  chunkBytes?: number;
  /** Returned buffers kept for reuse (default 8). */
  keep?: number;
}

/**
 * Reads files in large binary chunks cut at the last newline, instead of readline's per-line
 * strings: the decoders work on the bytes, and only what the report uses becomes a string. One read
 * runs ahead while the previous chunk is being decoded. Buffers handed back with
 * {@link recycle} are reused, which spares the page faults of fresh multi-megabyte allocations.
 */
export class LineChunkReader {
  private readonly chunkBytes: number;
  private readonly keep: number;
  private readonly free: Buffer[] = [];

  constructor(options: LineChunkReaderOptions = {}) {
    this.chunkBytes = Math.max(64, options.chunkBytes ?? 2 << 20);
    this.keep = options.keep ?? 8;
  }

  recycle(buffer: Buffer): void {
    // A buffer grown for one very long line is let go rather than kept for the rest of the read.
    if (this.free.length < this.keep && buffer.length >= this.chunkBytes && buffer.length <= this.chunkBytes * 2) this.free.push(buffer);
  }

  async *chunks(path: string): AsyncGenerator<LineChunk> {
    const fh = await open(path, 'r');
    let buf = this.take(this.chunkBytes);
    let filled = 0;
    let position = 0;
    // One spare byte at the end of every buffer for the newline a final line may lack.
    let reading = fh.read(buf, 0, buf.length - 1, position);
    try {
      for (;;) {
        const { bytesRead } = await reading;
        position += bytesRead;
        if (bytesRead === 0) {
          if (filled > 0) {
            if (buf[filled - 1] !== 0x0a) buf[filled++] = 0x0a;
            yield { buffer: buf, length: filled, bytesDone: position };
          } else {
            this.recycle(buf);
          }
          return;
        }
        filled += bytesRead;
        const lastNewline = buf.lastIndexOf(0x0a, filled - 1);
        if (lastNewline < 0) {
          // No line end yet: a line longer than the buffer. Grow and keep reading.
          if (filled >= buf.length - 1) {
            const bigger = Buffer.allocUnsafeSlow(buf.length * 2);
            buf.copy(bigger, 0, 0, filled);
            buf = bigger;
          }
          reading = fh.read(buf, filled, buf.length - 1 - filled, position);
          continue;
        }
        const tail = filled - lastNewline - 1;
        const next = this.take(Math.max(this.chunkBytes, tail * 2 + 2));
        buf.copy(next, 0, lastNewline + 1, filled);
        reading = fh.read(next, tail, next.length - 1 - tail, position);
        yield { buffer: buf, length: lastNewline + 1, bytesDone: position - tail };
        buf = next;
        filled = tail;
      }
    } finally {
      // A consumer that stops early leaves the read-ahead in flight; let it settle before closing.
      await reading.catch(() => undefined);
      await fh.close();
    }
  }

  private take(size: number): Buffer {
    const i = this.free.findIndex((b) => b.length >= size);
    if (i >= 0) return this.free.splice(i, 1)[0] as Buffer;
    // allocUnsafeSlow: a buffer of its own, never a slice of the shared pool, so it can be transferred.
    return Buffer.allocUnsafeSlow(size);
  }
}
