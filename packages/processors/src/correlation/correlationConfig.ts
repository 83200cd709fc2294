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
export function extraAttributes(entries: ReadonlyArray<[string, string]>, sessionAsConversationId: boolean): Array<[string, string | number]> {
  const extra: Array<[string, string | number]> = [];
  for (const [key, value] of entries) {
    if (key === ATTR_KENSA_CONVERSATION_TURN && Number.isSafeInteger(Number(value))) extra.push([key, Number(value)]);
    if (key === ATTR_SESSION_ID && sessionAsConversationId) extra.push([ATTR_GEN_AI_CONVERSATION_ID, value]);
  }
  return extra;
}
