import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { ComponentRule } from '@kensa/processors';
import type { ChunkCounts, ChunkResult, ChunkSkip } from './ChunkDecoder';
import { SpanBatch, type SpanBatchMessage } from './SpanBatch';

/** A chunk posted to a worker; its buffer is transferred. */
export interface DecodeJob {
  id: number;
  buffer: ArrayBuffer;
  length: number;
}

export type DecodeReply =
  | { id: number; buffer: ArrayBuffer; counts: ChunkCounts; skips: ChunkSkip[]; spans: SpanBatchMessage; error?: undefined }
  | { id: number; buffer: ArrayBuffer; error: string };

export interface DecodePoolOptions {
  workers: number;
  rules: readonly ComponentRule[];
  maxSkips: number;
  /** The built worker entry (default: decodeWorker.js beside this bundle). */
  script?: string;
}

interface Pending {
  resolve: (r: { result: ChunkResult; buffer: Buffer }) => void;
  reject: (e: Error) => void;
}

/**
 * Worker threads that decode chunks ({@link ChunkDecoder} in each), so JSON decoding runs beside
 * the main thread's aggregation instead of before it. Jobs go to the worker with the fewest
 * outstanding; replies resolve in any order and the reader restores file order.
 */
export class DecodePool {
  private readonly workers: { worker: Worker; outstanding: number }[] = [];
  private readonly pending = new Map<number, Pending>();
  private nextId = 0;
  private failure: Error | undefined;
  private closing = false;

  /** The worker entry beside this bundle, or undefined when running from source (tests, tsx). */
  static defaultScript(): string | undefined {
    const script = join(__dirname, 'decodeWorker.js');
    return existsSync(script) ? script : undefined;
  }

  constructor(options: DecodePoolOptions) {
    const script = options.script ?? DecodePool.defaultScript();
    if (script === undefined) throw new Error('decode worker script not found (build @kensa/cli)');
    for (let i = 0; i < options.workers; i++) {
      const worker = new Worker(script, { workerData: { rules: options.rules, maxSkips: options.maxSkips } });
      const slot = { worker, outstanding: 0 };
      worker.on('message', (reply: DecodeReply) => {
        slot.outstanding--;
        this.settle(reply);
      });
      worker.on('error', (err) => this.fail(err));
      worker.on('exit', (code) => {
        if (code !== 0 && !this.closing) this.fail(new Error(`decode worker exited with code ${code}`));
      });
      this.workers.push(slot);
    }
  }

  /** Whether some worker has fewer than `perWorker` chunks outstanding (or the pool failed: decode() says so). */
  hasCapacity(perWorker: number): boolean {
    return this.failure !== undefined || this.workers.some((w) => w.outstanding < perWorker);
  }

  /** Decodes `buffer[0, length)`; the buffer is transferred and comes back with the result. */
  decode(buffer: Buffer, length: number): Promise<{ result: ChunkResult; buffer: Buffer }> {
    if (this.failure !== undefined) return Promise.reject(this.failure);
    let target = this.workers[0] as (typeof this.workers)[number];
    for (const w of this.workers) if (w.outstanding < target.outstanding) target = w;
    const id = this.nextId++;
    target.outstanding++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      const job: DecodeJob = { id, buffer: buffer.buffer as ArrayBuffer, length };
      target.worker.postMessage(job, [job.buffer]);
    });
  }

  async close(): Promise<void> {
    this.closing = true;
    await Promise.all(this.workers.map((w) => w.worker.terminate()));
  }

  private settle(reply: DecodeReply): void {
    const p = this.pending.get(reply.id);
    if (p === undefined) return;
    this.pending.delete(reply.id);
    if (reply.error !== undefined) {
      p.reject(new Error(reply.error));
      return;
    }
    p.resolve({ result: { counts: reply.counts, skips: reply.skips, spans: SpanBatch.fromMessage(reply.spans) }, buffer: Buffer.from(reply.buffer) });
  }

  private fail(err: Error): void {
    const failure = (this.failure ??= new Error(`decode worker failed: ${err.message} (--workers 0 or KENSA_WORKERS=0 decodes in the main thread)`));
    for (const p of this.pending.values()) p.reject(failure);
    this.pending.clear();
  }
}
