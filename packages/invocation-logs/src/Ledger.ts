/** What a claim on an object found. */
export type ClaimResult =
  /** This worker now owns the object; resume after `batchesDone` batches (0 for a fresh object). */
  | { kind: 'claimed'; batchesDone: number; inflight?: number; planHash?: string; attempts: number }
  /** Already counted: a duplicate notification or a redelivery. */
  | { kind: 'done' }
  /** Another worker holds an unexpired lease. */
  | { kind: 'busy'; leaseUntil: number };

/** Final figures recorded with a finished object, for audits. */
export interface CompletionSummary {
  records: number;
  skipped: number;
  metrics: number;
  ambiguousBatches: number;
}

/**
 * The exactly-once record of which objects were counted and how far publishing got.
 * Every write after `claim` is conditional on still owning the claim, so a worker whose lease was
 * taken over can neither publish further nor overwrite the new owner's progress.
 */
export interface Ledger {
  claim(objectId: string): Promise<ClaimResult>;
  /** Before sending batch `index`: extends the lease and marks the batch in flight. */
  beginBatch(objectId: string, index: number, planHash: string): Promise<void>;
  /** After batch `index` was accepted by CloudWatch. */
  endBatch(objectId: string, index: number): Promise<void>;
  /** CloudWatch rejected batch `index` outright (a 4xx answer): it was not stored, so it is no longer in flight. */
  abortBatch(objectId: string, index: number): Promise<void>;
  /** A batch found in flight after a crash: its outcome is unknown, so it is recorded as passed, not re-sent. */
  skipAmbiguous(objectId: string, index: number): Promise<void>;
  complete(objectId: string, summary: CompletionSummary): Promise<void>;
  /** Gives the claim up early after a failure, keeping the progress, so a redelivery need not wait for the lease. */
  release(objectId: string): Promise<void>;
}
