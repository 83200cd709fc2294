import type { Baggage } from '@opentelemetry/api';
import {
  ATTR_GEN_AI_CONVERSATION_ID,
  ATTR_KENSA_CONVERSATION_TURN,
  ATTR_KENSA_REQUEST_ID,
  ATTR_SESSION_ID,
  ATTR_USER_ID,
} from '@kensa/semconv';
import type { CorrelationConfig } from '../types';

/** The baggage keys withRequestContext sets, copied by default. */
export const DEFAULT_CORRELATION_KEYS: readonly string[] = [
  ATTR_SESSION_ID,
  ATTR_USER_ID,
  ATTR_KENSA_REQUEST_ID,
  ATTR_KENSA_CONVERSATION_TURN,
];

export interface ResolvedCorrelationConfig {
  keys: string[];
  allowUntrustedKeys: string[];
  sessionAsConversationId: boolean;
}

export function resolveCorrelationConfig(config: CorrelationConfig): ResolvedCorrelationConfig {
  const allowUntrustedKeys = config.allowUntrustedKeys ?? [];
  // An allowed untrusted key is pointless unless it is also copied.
  const keys = [...new Set([...(config.keys ?? DEFAULT_CORRELATION_KEYS), ...allowUntrustedKeys])];
  return { keys, allowUntrustedKeys, sessionAsConversationId: config.sessionAsConversationId ?? true };
}

/**
 * What the contrib copier cannot do: baggage values are strings, but the turn is a number in our
 * conventions (set after the copier, so it wins), and the session doubles as the GenAI
 * conversation id.
 */
export function extraAttributes(baggage: Baggage, sessionAsConversationId: boolean): Array<[string, string | number]> {
  const extra: Array<[string, string | number]> = [];
  const turn = baggage.getEntry(ATTR_KENSA_CONVERSATION_TURN);
  if (turn !== undefined && Number.isSafeInteger(Number(turn.value))) extra.push([ATTR_KENSA_CONVERSATION_TURN, Number(turn.value)]);
  const session = baggage.getEntry(ATTR_SESSION_ID);
  if (sessionAsConversationId && session !== undefined) extra.push([ATTR_GEN_AI_CONVERSATION_ID, session.value]);
  return extra;
}
