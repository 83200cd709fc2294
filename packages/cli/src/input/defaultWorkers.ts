import { availableParallelism } from 'node:os';

const WORKERS_FROM_BYTES = 16 << 20;

/**
 * Decode workers for an input of `bytes`: one per core but one, up to 4. The main thread aggregates
 * and, whenever every worker is busy, decodes too, so it counts as one of the decoders: on two
 * cores one worker does as well as two with less CPU (measured with 1M spans), and past four
 * workers the main thread's aggregation is the limit. None on one core, without the built worker
 * script, or below 16 MiB, where starting workers costs more than it saves.
 */
export function defaultWorkers(bytes: number, script: string | undefined): number {
  const cores = availableParallelism();
  if (bytes < WORKERS_FROM_BYTES || script === undefined || cores < 2) return 0;
  return Math.min(cores - 1, 4);
}
