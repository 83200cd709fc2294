import type { ClaimResult, CompletionSummary, Ledger } from './Ledger';

/**
 * A {@link Ledger} that lives only as long as the process: a backfill without a DynamoDB table still
 * counts each object once per run, but a second run counts everything again (the CLI warns about it).
 */
export class MemoryLedger implements Ledger {
  private readonly entries = new Map<string, { done: boolean; batchesDone: number }>();
  private readonly maxEntries: number;

  /** Remembers at most `maxEntries` objects (oldest forgotten first), so a long-lived process stays bounded. */
  constructor(maxEntries = 100_000) {
    this.maxEntries = maxEntries;
  }

  async claim(objectId: string): Promise<ClaimResult> {
    const entry = this.entries.get(objectId);
    if (entry?.done === true) return { kind: 'done' };
    const batchesDone = entry?.batchesDone ?? 0;
    if (entry === undefined && this.entries.size >= this.maxEntries) {
      const oldest = this.entries.keys().next();
      if (oldest.done !== true) this.entries.delete(oldest.value);
    }
    this.entries.set(objectId, { done: false, batchesDone });
    return { kind: 'claimed', batchesDone, attempts: 1 };
  }

  async beginBatch(): Promise<void> {}

  async endBatch(objectId: string, index: number): Promise<void> {
    this.entries.set(objectId, { done: false, batchesDone: index + 1 });
  }

  async abortBatch(): Promise<void> {}

  async skipAmbiguous(objectId: string, index: number): Promise<void> {
    await this.endBatch(objectId, index);
  }

  async complete(objectId: string, _summary: CompletionSummary): Promise<void> {
    this.entries.set(objectId, { done: true, batchesDone: 0 });
  }

  async release(): Promise<void> {}
}
