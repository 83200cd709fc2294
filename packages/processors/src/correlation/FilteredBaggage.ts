import { ATTR_GEN_AI_CONVERSATION_ID, ATTR_KENSA_CONVERSATION_TURN, ATTR_SESSION_ID } from '@kensa/semconv';

/**
 * The copyable part of one request's baggage, prepared once and shared by all its spans and log
 * records: the final attributes as parallel arrays, the trusted entries (the turn as a number) and
 * the session as the conversation id, so a span or a record costs one setAttribute per key and
 * nothing else.
 */
export class FilteredBaggage {
  readonly keys: string[];
  readonly values: Array<string | number>;

  /** `entryKeys`/`entryValues`: the filtered baggage entries, in parallel. */
  constructor(entryKeys: readonly string[], entryValues: readonly string[], sessionAsConversationId: boolean) {
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

  /** Sets the attributes on a span or a log record (both have `setAttribute`). */
  copyTo(target: { setAttribute(key: string, value: string | number): unknown }): void {
    const { keys, values } = this;
    for (let i = 0; i < keys.length; i++) target.setAttribute(keys[i]!, values[i]!);
  }
}
