import { parentPort, workerData } from 'node:worker_threads';
import type { ComponentRule } from '@kensa/processors';
import { ChunkDecoder } from './ChunkDecoder';
import type { DecodeJob, DecodeReply } from './DecodePool';

// Entry of a decode worker (built to dist/decodeWorker.js): chunks in, span batches out. The
// chunk's buffer goes back with the reply so the reader can reuse it.
const { rules, maxSkips } = workerData as { rules: ComponentRule[]; maxSkips: number };
const decoder = new ChunkDecoder(rules, maxSkips);
const port = parentPort;

port?.on('message', (job: DecodeJob) => {
  let reply: DecodeReply;
  const transfer: ArrayBuffer[] = [job.buffer];
  try {
    const result = decoder.decode(Buffer.from(job.buffer), job.length);
    const spans = result.spans.toMessage();
    transfer.push(spans.numbers.buffer as ArrayBuffer, spans.refs.buffer as ArrayBuffer);
    reply = { id: job.id, buffer: job.buffer, counts: result.counts, skips: result.skips, spans };
  } catch (err) {
    reply = { id: job.id, buffer: job.buffer, error: (err as Error)?.message ?? String(err) };
  }
  port.postMessage(reply, transfer);
});
