import type { Baggage, BaggageEntryMetadata, Context } from '@opentelemetry/api';
import { ROOT_CONTEXT, propagation } from '@opentelemetry/api';
import { extraAttributes } from './correlationConfig';

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

/** The copyable part of one request's baggage, prepared once and shared by all its spans. */
export interface FilteredBaggage {
  /** A context holding only the filtered baggage: all the contrib log copier reads. */
  readonly ctx: Context;
  /** The filtered entries as attributes, for the span side. */
  entries: Array<[string, string]>;
  /** Attributes the copier cannot derive (numeric turn, conversation id). */
  extra: Array<[string, string | number]>;
}

/**
 * Narrows the baggage of a context to the entries that may become attributes: trusted entries of
 * the configured keys, plus untrusted ones explicitly allowed. Baggage is immutable, so the
 * result is cached per Baggage instance; every span of a request then reuses one filtered copy.
 */
export class TrustedBaggageFilter {
  private readonly cache = new WeakMap<Baggage, FilteredBaggage | null>();
  private readonly keys: ReadonlySet<string>;
  private readonly allowUntrusted: ReadonlySet<string>;

  constructor(
    keys: readonly string[],
    allowUntrusted: readonly string[],
    private readonly sessionAsConversationId: boolean,
  ) {
    this.keys = new Set(keys);
    this.allowUntrusted = new Set(allowUntrusted);
  }

  /** The filtered baggage, or undefined when nothing is to be copied. */
  filter(context: Context): FilteredBaggage | undefined {
    const baggage = propagation.getBaggage(context);
    if (baggage === undefined) return undefined;
    let filtered = this.cache.get(baggage);
    if (filtered === undefined) {
      filtered = this.compute(baggage);
      this.cache.set(baggage, filtered);
    }
    return filtered ?? undefined;
  }

  private compute(baggage: Baggage): FilteredBaggage | null {
    const entries: Array<[string, string]> = [];
    for (const [key, entry] of baggage.getAllEntries()) {
      if (!this.keys.has(key)) continue;
      if (!isTrustedEntry(entry.metadata) && !this.allowUntrusted.has(key)) continue;
      entries.push([key, entry.value]);
    }
    if (entries.length === 0) return null;
    let ctx: Context | undefined;
    return {
      // Only the log side needs a context; spans are the hot path, so it is built on demand.
      get ctx() {
        return (ctx ??= propagation.setBaggage(
          ROOT_CONTEXT,
          propagation.createBaggage(Object.fromEntries(entries.map(([k, v]) => [k, { value: v }]))),
        ));
      },
      entries,
      extra: extraAttributes(entries, this.sessionAsConversationId),
    };
  }
}
