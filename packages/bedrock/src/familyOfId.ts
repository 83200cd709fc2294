import type { ModelFamily } from './types';

// Longest, most specific namespace first: `amazon.titan-embed` before `amazon.titan`.
const PREFIXES: ReadonlyArray<readonly [string, ModelFamily]> = [
  ['anthropic.', 'anthropic.claude'],
  ['amazon.nova', 'amazon.nova'],
  ['amazon.titan-embed', 'amazon.titan-embed'],
  ['amazon.titan-text', 'amazon.titan-text'],
  ['amazon.titan-tg1', 'amazon.titan-text'],
  ['meta.llama', 'meta.llama'],
  ['mistral.', 'mistral'],
  ['cohere.embed', 'cohere.embed'],
  ['cohere.command', 'cohere.command'],
  ['ai21.jamba', 'ai21.jamba'],
  ['deepseek.', 'deepseek'],
  ['openai.', 'openai'],
  ['qwen.', 'qwen'],
  ['writer.', 'writer'],
];

/**
 * The family a base model id belongs to by its provider namespace, so a model newer than the catalogue
 * (e.g. `anthropic.claude-9…`) is still parsed with the right body shapes. Multimodal-embedding and
 * image models fall to `unknown` on purpose: their bodies are not text-generation shapes.
 */
export function familyOfId(baseId: string): ModelFamily {
  if (typeof baseId !== 'string') return 'unknown';
  if (baseId.startsWith('amazon.nova') && (baseId.includes('canvas') || baseId.includes('reel') || baseId.includes('sonic') || baseId.includes('embed'))) {
    return 'unknown';
  }
  for (const [prefix, family] of PREFIXES) if (baseId.startsWith(prefix)) return family;
  return 'unknown';
}
