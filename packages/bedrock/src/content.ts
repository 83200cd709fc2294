import type { GenAiMessage } from './types';
import { arr, obj, str, type Obj } from './values';

type Part = GenAiMessage['parts'][number];

// Content nests (tool results hold blocks, guard content holds text objects) but never deeply; the bound
// keeps a hostile body from costing more than a few levels of walking.
const MAX_DEPTH = 4;

/**
 * Characters of text in any provider's content: a string, Anthropic/OpenAI blocks (`{type:'text', text}`),
 * Converse/Nova blocks (`{text}`, `{toolResult:{content}}`, `{guardContent:{text:{text}}}`). Binary parts count 0.
 */
export function textLength(c: unknown, depth = 0): number {
  if (typeof c === 'string') return c.length;
  if (depth > MAX_DEPTH) return 0;
  if (Array.isArray(c)) {
    let n = 0;
    for (const item of c) n += textLength(item, depth + 1);
    return n;
  }
  const o = obj(c);
  if (!o) return 0;
  if (o.text !== undefined) return textLength(o.text, depth + 1);
  if (o.content !== undefined) return textLength(o.content, depth + 1);
  if (o.toolResult !== undefined) return textLength(o.toolResult, depth + 1);
  if (o.guardContent !== undefined) return textLength(o.guardContent, depth + 1);
  if (typeof o.thinking === 'string') return o.thinking.length;
  return 0;
}

/** Plain text of a system prompt given as a string or as text blocks. */
export function systemText(v: unknown): string | undefined {
  if (typeof v === 'string') return v;
  const list = arr(v);
  if (!list) return undefined;
  let s: string | undefined;
  for (const item of list) {
    const o = obj(item);
    const t = str(o?.text) ?? str(obj(obj(o?.guardContent)?.text)?.text);
    if (t !== undefined) s = s === undefined ? t : `${s}\n${t}`;
  }
  return s;
}

function blobPart(modality: string, format: unknown): Part {
  const p: Part = { type: 'blob', modality };
  // Anthropic gives a media type (`image/png`), Converse and Nova a bare format (`png`).
  if (typeof format === 'string') p.mime_type = format.includes('/') ? format : `${modality}/${format}`;
  return p;
}

/** One content block of any provider as an OTel GenAI part. Binary data is described, never copied. */
function toPart(item: unknown): Part | undefined {
  if (typeof item === 'string') return { type: 'text', content: item };
  const o = obj(item);
  if (!o) return undefined;
  const type = str(o.type);
  if (typeof o.text === 'string' && (type === undefined || type === 'text')) return { type: 'text', content: o.text };
  switch (type) {
    case 'tool_use':
      return { type: 'tool_call', id: o.id, name: o.name, arguments: o.input };
    case 'tool_result':
      return { type: 'tool_call_response', id: o.tool_use_id, response: o.content };
    case 'thinking':
      return { type: 'reasoning', content: o.thinking };
    case 'image':
    case 'image_url':
      return blobPart('image', obj(o.source)?.media_type);
    case 'document':
      return { type: 'blob', modality: 'document' };
    default:
      break;
  }
  const toolUse = obj(o.toolUse);
  if (toolUse) return { type: 'tool_call', id: toolUse.toolUseId, name: toolUse.name, arguments: toolUse.input };
  const toolResult = obj(o.toolResult);
  if (toolResult) return { type: 'tool_call_response', id: toolResult.toolUseId, response: toolResult.content };
  const reasoning = obj(o.reasoningContent);
  if (reasoning) return { type: 'reasoning', content: obj(reasoning.reasoningText)?.text };
  const guard = obj(obj(o.guardContent)?.text);
  if (guard) return { type: 'text', content: guard.text };
  if (o.image !== undefined) return blobPart('image', obj(o.image)?.format);
  if (o.video !== undefined) return blobPart('video', obj(o.video)?.format);
  if (o.document !== undefined) return { type: 'blob', modality: 'document' };
  if (o.cachePoint !== undefined) return undefined;
  return type ? { type } : undefined;
}

/** Parts of one message's content (a string or a list of blocks). */
export function toParts(content: unknown): Part[] {
  if (typeof content === 'string') return [{ type: 'text', content }];
  const list = arr(content);
  if (!list) return [];
  const parts: Part[] = [];
  for (const item of list) {
    const p = toPart(item);
    if (p) parts.push(p);
  }
  return parts;
}

const ROLE_NAMES: Readonly<Record<string, string>> = { USER: 'user', CHATBOT: 'assistant', SYSTEM: 'system', TOOL: 'tool' };

/** A provider message (`{role, content}`, OpenAI tool calls, Cohere `{role:'CHATBOT', message}`) as a GenAI message. */
export function toMessage(m: Obj): GenAiMessage {
  const rawRole = str(m.role) ?? 'user';
  const role = ROLE_NAMES[rawRole] ?? rawRole;
  const parts = m.content !== undefined ? toParts(m.content) : toParts(m.message);
  if (role === 'tool' && m.tool_call_id !== undefined) {
    return { role, parts: [{ type: 'tool_call_response', id: m.tool_call_id, response: m.content }] };
  }
  const calls = arr(m.tool_calls);
  if (calls) {
    for (const c of calls) {
      const call = obj(c);
      const fn = obj(call?.function);
      if (call) parts.push({ type: 'tool_call', id: call.id, name: fn?.name, arguments: fn?.arguments });
    }
  }
  return { role, parts };
}

export interface MessageSummary {
  count: number;
  history: number;
  user: number;
  messages?: GenAiMessage[];
}

/**
 * Count, character split (last user message vs the rest) and, when asked, GenAI form of a message list.
 * `textKey` is `content` for most providers and `message` for Cohere's chat history.
 */
export function summarizeMessages(list: unknown[], content: boolean, textKey: 'content' | 'message' = 'content'): MessageSummary {
  let history = 0;
  let user = 0;
  const messages: GenAiMessage[] | undefined = content ? [] : undefined;
  const last = list.length - 1;
  for (let i = 0; i <= last; i++) {
    const m = obj(list[i]);
    if (!m) continue;
    const len = textLength(m[textKey]);
    const role = str(m.role);
    if (i === last && (role === 'user' || role === 'USER')) user += len;
    else history += len;
    messages?.push(toMessage(m));
  }
  const out: MessageSummary = { count: list.length, history, user };
  if (messages) out.messages = messages;
  return out;
}
