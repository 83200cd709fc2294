import type { GenAiMessage } from './types';

type Part = GenAiMessage['parts'][number];

/** Default bound on captured stream text: enough for any chat answer, small enough to hold per in-flight call. */
export const DEFAULT_MAX_CONTENT_CHARS = 65_536;

/**
 * Collects the generated parts of a stream (text, reasoning, tool calls) for `outputMessages`, within a
 * character budget shared by all parts. Disabled, it only tracks nothing and costs nothing.
 */
export class OutputCollector {
  private readonly parts: Part[] = [];
  private readonly chunks: string[][] = [];
  private remaining: number;
  truncated = false;

  constructor(
    private readonly enabled: boolean,
    maxChars: number,
  ) {
    this.remaining = maxChars;
  }

  /** Append generated text of a kind (`text` or `reasoning`), merging into the current part of that kind. */
  append(kind: 'text' | 'reasoning', s: string): void {
    if (!this.enabled || s.length === 0) return;
    const last = this.parts.length - 1;
    if (last < 0 || this.parts[last]!.type !== kind) {
      this.parts.push({ type: kind });
      this.chunks.push([]);
    }
    this.push(this.chunks[this.chunks.length - 1]!, s);
  }

  /** Start a tool call; later `appendToolInput` calls add to its JSON arguments. */
  startToolCall(id: unknown, name: unknown): void {
    if (!this.enabled) return;
    this.parts.push({ type: 'tool_call', id, name });
    this.chunks.push([]);
  }

  appendToolInput(s: string): void {
    if (!this.enabled || s.length === 0) return;
    const last = this.parts.length - 1;
    if (last < 0 || this.parts[last]!.type !== 'tool_call') this.startToolCall(undefined, undefined);
    this.push(this.chunks[this.chunks.length - 1]!, s);
  }

  private push(target: string[], s: string): void {
    if (this.remaining <= 0) {
      this.truncated = true;
      return;
    }
    if (s.length > this.remaining) {
      target.push(s.slice(0, this.remaining));
      this.remaining = 0;
      this.truncated = true;
      return;
    }
    target.push(s);
    this.remaining -= s.length;
  }

  /** The assistant message, or `undefined` when disabled or nothing was generated. */
  message(finishReason: string | undefined): GenAiMessage | undefined {
    if (!this.enabled || this.parts.length === 0) return undefined;
    const parts = this.parts.map((p, i) => {
      const joined = this.chunks[i]!.join('');
      return p.type === 'tool_call' ? { ...p, arguments: joined } : { ...p, content: joined };
    });
    const m: GenAiMessage = { role: 'assistant', parts };
    if (finishReason !== undefined) m.finish_reason = finishReason;
    return m;
  }
}
