import type { Baggage, BaggageEntryMetadata, Context } from '@opentelemetry/api';
import { propagation } from '@opentelemetry/api';
import { FilteredBaggage } from './FilteredBaggage';
import { RequestBaggage } from './RequestBaggage';

/**
 * Baggage entries the application set itself carry this marker as their metadata. The marker is
 * a symbol-keyed property, so no incoming header can forge it: the W3C propagator parses header
 * metadata into plain string metadata. `Symbol.for` keeps the check working when both the CJS and
 * the ESM build of this package are loaded.
 */
const TRUSTED = Symbol.for('@kensa/processors.trusted-baggage');

type TrustedMetadata = BaggageEntryMetadata & { [TRUSTED]: true };

/** The metadata withRequestContext attaches; it serialises as `;kensa` in outgoing headers. */
export const TRUSTED_BAGGAGE_METADATA: BaggageEntryMetadata = Object.freeze({
  toString: () => 'kensa',
  [TRUSTED]: true,
}) as unknown as TrustedMetadata;

export function isTrustedEntry(metadata: BaggageEntryMetadata | undefined): boolean {
  return metadata !== undefined && (metadata as Partial<TrustedMetadata>)[TRUSTED] === true;
}

/** Filters by configuration (see `TrustedBaggageFilter.shared`). */
const SHARED = new Map<string, TrustedBaggageFilter>();
const MAX_SHARED = 16;

/**
 * Narrows the baggage of a context to the entries that may become attributes: trusted entries of
 * the configured keys, plus untrusted ones explicitly allowed. Baggage is immutable, so the
 * result is cached per Baggage instance; every span of a request then reuses one filtered copy.
 */
export class TrustedBaggageFilter {
  /**
   * One filter per configuration, shared by the span and the log-record processor: a request's
   * baggage is then narrowed once, not once per processor (the second pass was ~1.5 µs a Bedrock
   * call in bench:bedrock's profile). Bounded: configurations past the first few get their own.
   */
  static shared(keys: readonly string[], allowUntrusted: readonly string[], sessionAsConversationId: boolean): TrustedBaggageFilter {
    const id = JSON.stringify([keys, allowUntrusted, sessionAsConversationId]);
    let filter = SHARED.get(id);
    if (filter === undefined) {
      filter = new TrustedBaggageFilter(keys, allowUntrusted, sessionAsConversationId);
      if (SHARED.size < MAX_SHARED) SHARED.set(id, filter);
    }
    return filter;
  }

  private readonly cache = new WeakMap<Baggage, FilteredBaggage | null>();
  private readonly keys: readonly string[];
  private readonly allowUntrusted: ReadonlySet<string>;
  private lastBaggage: Baggage | undefined;
  private lastFiltered: FilteredBaggage | undefined;

  constructor(
    keys: readonly string[],
    allowUntrusted: readonly string[],
    private readonly sessionAsConversationId: boolean,
  ) {
    this.keys = [...new Set(keys)];
    this.allowUntrusted = new Set(allowUntrusted);
  }

  /** The filtered baggage, or undefined when nothing is to be copied. */
  filter(context: Context): FilteredBaggage | undefined {
    const baggage = propagation.getBaggage(context);
    if (baggage === undefined) return undefined;
    // Consecutive spans usually belong to the same request: an identity compare first. Baggage
    // from withRequestContext carries its own cache; other baggage is cached in the WeakMap.
    if (baggage === this.lastBaggage) return this.lastFiltered;
    let filtered: FilteredBaggage | null | undefined;
    if (baggage instanceof RequestBaggage) {
      filtered = baggage.cachedFor(this) as FilteredBaggage | null | undefined;
      if (filtered === undefined) {
        filtered = this.compute(baggage);
        baggage.cache(this, filtered);
      }
    } else {
      filtered = this.cache.get(baggage);
      if (filtered === undefined) {
        filtered = this.compute(baggage);
        this.cache.set(baggage, filtered);
      }
    }
    this.lastBaggage = baggage;
    this.lastFiltered = filtered ?? undefined;
    return this.lastFiltered;
  }

  /** Looks up the configured keys only: a request's baggage may carry many entries of others. */
  private compute(baggage: Baggage): FilteredBaggage | null {
    let keys: string[] | undefined;
    let values: string[] | undefined;
    for (const key of this.keys) {
      const entry = baggage.getEntry(key);
      if (entry === undefined) continue;
      if (!isTrustedEntry(entry.metadata) && !this.allowUntrusted.has(key)) continue;
      (keys ??= []).push(key);
      (values ??= []).push(entry.value);
    }
    return keys === undefined ? null : new FilteredBaggage(keys, values!, this.sessionAsConversationId);
  }
}
