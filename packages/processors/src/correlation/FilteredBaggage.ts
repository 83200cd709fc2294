import type { Context } from '@opentelemetry/api';
import { ROOT_CONTEXT, propagation } from '@opentelemetry/api';
import { ATTR_GEN_AI_CONVERSATION_ID, ATTR_KENSA_CONVERSATION_TURN, ATTR_SESSION_ID } from '@kensa/semconv';
import { extraAttributes } from './correlationConfig';

/**
 * The copyable part of one request's baggage, prepared once and shared by all its spans. Built
 * once per request, so it holds the span side's final attributes and builds what only the log
 * side needs (a baggage context, the extra attributes) when a log record first asks.
 */
export class FilteredBaggage {
  /**
   * The final span attributes as parallel arrays: the trusted entries (the turn as a number) and
   * the session as the conversation id, so a span costs one setAttribute per key and nothing else.
   */
  readonly keys: string[];
  readonly values: Array<string | number>;
  private context: Context | undefined;
  private extraAttributes: Array<[string, string | number]> | undefined;

  /** `entryKeys`/`entryValues`: the filtered baggage entries, in parallel. */
  constructor(
    private readonly entryKeys: string[],
    private readonly entryValues: string[],
    private readonly sessionAsConversationId: boolean,
  ) {
    this.keys = entryKeys.slice();
    this.values = new Array<string | number>(entryKeys.length);
    let session: string | undefined;
    for (let i = 0; i < entryKeys.length; i++) {
      const key = entryKeys[i]!;
      const value = entryValues[i]!;
      this.values[i] = key === ATTR_KENSA_CONVERSATION_TURN && Number.isSafeInteger(Number(value)) ? Number(value) : value;
      if (key === ATTR_SESSION_ID) session = value;
    }
    if (session !== undefined && sessionAsConversationId) {
      const i = this.keys.indexOf(ATTR_GEN_AI_CONVERSATION_ID);
      if (i === -1) {
        this.keys.push(ATTR_GEN_AI_CONVERSATION_ID);
        this.values.push(session);
      } else {
        this.values[i] = session;
      }
    }
  }

  /** A context holding only the filtered baggage: all the contrib log copier reads. */
  get ctx(): Context {
    return (this.context ??= propagation.setBaggage(
      ROOT_CONTEXT,
      propagation.createBaggage(Object.fromEntries(this.entryKeys.map((k, i) => [k, { value: this.entryValues[i]! }]))),
    ));
  }

  /** Attributes the contrib log copier cannot derive (numeric turn, conversation id). */
  get extra(): Array<[string, string | number]> {
    return (this.extraAttributes ??= extraAttributes(
      this.entryKeys.map((k, i) => [k, this.entryValues[i]!]),
      this.sessionAsConversationId,
    ));
  }
}
