import type { FinishReason } from './types';

// Every provider's stop reasons, lower-cased, onto the OTel GenAI values. A Map lookup, no regex, per call.
const REASONS = new Map<string, FinishReason>([
  // Anthropic, Converse, Nova
  ['end_turn', 'stop'],
  ['stop_sequence', 'stop'],
  ['pause_turn', 'stop'],
  ['max_tokens', 'length'],
  ['model_context_window_exceeded', 'length'],
  ['tool_use', 'tool_call'],
  ['refusal', 'content_filter'],
  ['guardrail_intervened', 'content_filter'],
  ['content_filtered', 'content_filter'],
  ['malformed_model_output', 'error'],
  ['malformed_tool_use', 'error'],
  // Titan
  ['finish', 'stop'],
  ['stop_criteria_met', 'stop'],
  ['length', 'length'],
  ['rag_query_when_rag_disabled', 'error'],
  // Llama, Mistral, OpenAI-compatible (AI21, DeepSeek, gpt-oss, Qwen, Writer)
  ['stop', 'stop'],
  ['eos', 'stop'],
  ['tool_calls', 'tool_call'],
  ['function_call', 'tool_call'],
  ['content_filter', 'content_filter'],
  // Cohere
  ['complete', 'stop'],
  ['stop_sequence', 'stop'],
  ['max_tokens', 'length'],
  ['error', 'error'],
  ['error_toxic', 'content_filter'],
  ['error_limit', 'length'],
  ['user_cancel', 'error'],
]);

/**
 * The OTel GenAI finish reason for a provider's raw stop reason. Reasons no provider documents map to `stop`:
 * the call did finish, and the raw value is kept next to it for anyone who needs the detail.
 */
export function normalizeFinishReason(raw: string): FinishReason {
  if (typeof raw !== 'string') return 'stop';
  return REASONS.get(raw) ?? REASONS.get(raw.toLowerCase()) ?? 'stop';
}
