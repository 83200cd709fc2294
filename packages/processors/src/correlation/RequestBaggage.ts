import type { Baggage, BaggageEntry } from '@opentelemetry/api';

/**
 * The baggage withRequestContext puts in the context: the API's own baggage, wrapped so the
 * correlation filters can keep their filtered view of it on the baggage itself. Without that,
 * the cache is a WeakMap keyed by baggage, and its one entry per request (an ephemeron the
 * collector has to trace specially) cost more garbage-collection time than the filtering it
 * saves. Every Baggage method delegates, so propagators and other readers see ordinary baggage;
 * a changed copy (setEntry, removeEntry) is plain API baggage again.
 */
export class RequestBaggage implements Baggage {
  /** Flat [owner, result, owner, result, …]: one pair per filter that asked (spans, logs). */
  private cached: unknown[] | undefined;

  constructor(private readonly inner: Baggage) {}

  /** The value `owner` stored, or undefined when it has stored none. */
  cachedFor(owner: object): unknown {
    const cached = this.cached;
    if (cached === undefined) return undefined;
    for (let i = 0; i < cached.length; i += 2) if (cached[i] === owner) return cached[i + 1];
    return undefined;
  }

  cache(owner: object, value: unknown): void {
    (this.cached ??= []).push(owner, value);
  }

  getEntry(key: string): BaggageEntry | undefined {
    return this.inner.getEntry(key);
  }

  getAllEntries(): [string, BaggageEntry][] {
    return this.inner.getAllEntries();
  }

  setEntry(key: string, entry: BaggageEntry): Baggage {
    return this.inner.setEntry(key, entry);
  }

  removeEntry(key: string): Baggage {
    return this.inner.removeEntry(key);
  }

  removeEntries(...keys: string[]): Baggage {
    return this.inner.removeEntries(...keys);
  }

  clear(): Baggage {
    return this.inner.clear();
  }
}
