import {
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
