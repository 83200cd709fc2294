import type { Context } from '@opentelemetry/api';
import { ROOT_CONTEXT, propagation } from '@opentelemetry/api';
import { extraAttributes } from './correlationConfig';

/** The copyable part of one request's baggage, prepared once and shared by all its spans. */
export class FilteredBaggage {
  /** Attributes the contrib log copier cannot derive (numeric turn, conversation id). */
  readonly extra: Array<[string, string | number]>;
  /**
   * The final span attributes (entries with the extra ones applied) as parallel arrays, so a span
   * costs one setAttribute per key and nothing else: setting the string turn and then its number
   * would be a second SDK call on every span.
   */
  readonly keys: string[] = [];
  readonly values: Array<string | number> = [];
  private context: Context | undefined;

  constructor(
    private readonly entries: Array<[string, string]>,
    sessionAsConversationId: boolean,
  ) {
    this.extra = extraAttributes(entries, sessionAsConversationId);
    for (const [key, value] of entries) this.put(key, value);
    for (const [key, value] of this.extra) this.put(key, value);
  }

  /**
   * A context holding only the filtered baggage: all the contrib log copier reads. Spans are the
   * hot path and do not need it, so it is built when a log record first asks.
   */
  get ctx(): Context {
    return (this.context ??= propagation.setBaggage(
      ROOT_CONTEXT,
      propagation.createBaggage(Object.fromEntries(this.entries.map(([k, v]) => [k, { value: v }]))),
    ));
  }

  private put(key: string, value: string | number): void {
    const i = this.keys.indexOf(key);
    if (i === -1) {
      this.keys.push(key);
      this.values.push(value);
    } else {
      this.values[i] = value;
    }
  }
}
