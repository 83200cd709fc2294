import { diag } from '@opentelemetry/api';
import { mkdir, open, type FileHandle } from 'node:fs/promises';
import { dirname } from 'node:path';

export interface BoundedFileWriterOptions {
  /** File to append to; its directory is created on first write. */
  path: string;
  /** Bytes that may wait for the disk. Past this, lines are dropped (and a warning logged once). */
  maxPendingBytes?: number;
}

const DEFAULT_MAX_PENDING_BYTES = 16 * 1024 * 1024;

/**
 * Appends lines to a file without ever blocking the event loop or growing without bound: each
 * line joins a promise chain of asynchronous appends, and the bytes waiting in that chain are
 * counted so a slow or full disk makes us drop, not buffer.
 */
export class BoundedFileWriter {
  readonly path: string;
  private readonly maxPendingBytes: number;
  private pendingBytes = 0;
  private tail: Promise<void> = Promise.resolve();
  private handle: Promise<FileHandle | undefined> | undefined;
  private warnedDrop = false;
  private warnedError = false;
  private closed = false;

  constructor(options: BoundedFileWriterOptions) {
    this.path = options.path;
    this.maxPendingBytes = options.maxPendingBytes ?? DEFAULT_MAX_PENDING_BYTES;
  }

  /** Queues `line` (a trailing newline is added); resolves true once it is on disk, false if dropped or failed. */
  write(line: string): Promise<boolean> {
    const data = line + '\n';
    const bytes = Buffer.byteLength(data);
    if (this.closed) return Promise.resolve(false);
    if (this.pendingBytes + bytes > this.maxPendingBytes) {
      if (!this.warnedDrop) {
        this.warnedDrop = true;
        diag.warn(`kensa: file exporter is behind on ${this.path} (${this.pendingBytes} bytes pending); dropping telemetry until it catches up`);
      }
      return Promise.resolve(false);
    }
    this.pendingBytes += bytes;
    const written = this.tail.then(async () => {
      try {
        const fh = await this.open();
        if (!fh) return false;
        await fh.appendFile(data);
        return true;
      } catch (err) {
        this.reportError(err);
        return false;
      } finally {
        this.pendingBytes -= bytes;
      }
    });
    this.tail = written.then(() => undefined);
    return written;
  }

  /** Resolves when everything queued so far has been written (or given up on). */
  flush(): Promise<void> {
    return this.tail;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.tail;
    const fh = await this.handle;
    await fh?.close().catch(() => undefined);
  }

  private open(): Promise<FileHandle | undefined> {
    this.handle ??= mkdir(dirname(this.path), { recursive: true })
      .then(() => open(this.path, 'a'))
      .catch((err: unknown) => {
        this.reportError(err);
        return undefined;
      });
    return this.handle;
  }

  private reportError(err: unknown): void {
    if (this.warnedError) return;
    this.warnedError = true;
    diag.warn(`kensa: cannot write telemetry to ${this.path}: ${(err as Error)?.message ?? String(err)}`);
  }
}
