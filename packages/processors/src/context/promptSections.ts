import { estimateTokens } from './estimateTokens';

/** Captured content longer than this is not parsed: estimating it would cost more than it tells. */
const MAX_PARSED_CHARS = 1_000_000;

export interface EstimatedSections {
  system?: number;
  history?: number;
  user?: number;
}

function textOfParts(parts: unknown): string {
  if (!Array.isArray(parts)) return typeof parts === 'string' ? parts : '';
  let text = '';
  for (const part of parts) {
    if (typeof part === 'string') text += part;
    else if (part !== null && typeof part === 'object') {
      const p = part as { content?: unknown; text?: unknown };
      if (typeof p.content === 'string') text += p.content;
      else if (typeof p.text === 'string') text += p.text;
    }
  }
  return text;
}

function parse(json: unknown): unknown {
  if (typeof json !== 'string' || json.length > MAX_PARSED_CHARS) return undefined;
  try {
    return JSON.parse(json);
  } catch {
    return undefined;
  }
}

/**
 * Estimates section sizes from captured content (`gen_ai.system_instructions`,
 * `gen_ai.input.messages` in the GenAI conventions' JSON shape). Only present when content
 * capture is on. The last user message is the user section and everything before it history;
 * retrieved context inlined into messages cannot be told apart here.
 */
export function estimateSections(systemJson: unknown, messagesJson: unknown): EstimatedSections | undefined {
  const result: EstimatedSections = {};
  const system = parse(systemJson);
  if (system !== undefined) result.system = estimateTokens(textOfParts(system));
  const messages = parse(messagesJson);
  if (Array.isArray(messages) && messages.length > 0) {
    let lastUser = -1;
    for (let i = messages.length - 1; i >= 0; i--) {
      if ((messages[i] as { role?: unknown } | null)?.role === 'user') {
        lastUser = i;
        break;
      }
    }
    let history = 0;
    messages.forEach((m, i) => {
      const tokens = estimateTokens(textOfParts((m as { parts?: unknown; content?: unknown } | null)?.parts ?? (m as { content?: unknown } | null)?.content));
      if (i === lastUser) result.user = tokens;
      else history += tokens;
    });
    result.history = history;
  }
  return result.system === undefined && result.history === undefined ? undefined : result;
}
