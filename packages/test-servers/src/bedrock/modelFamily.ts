/** Response shapes the server knows; chosen from the model id the way Bedrock routes to a provider. */
export type ServerFamily =
  | 'anthropic'
  | 'nova'
  | 'titan-text'
  | 'titan-embed'
  | 'llama'
  | 'mistral'
  | 'cohere-command'
  | 'cohere-embed'
  | 'jamba'
  | 'deepseek'
  | 'openai'
  | 'unknown';

const GEO_PREFIX = /^(?:us|eu|apac|jp|us-gov|global|ca|au)\./;

const RULES: ReadonlyArray<readonly [string, ServerFamily]> = [
  ['anthropic.', 'anthropic'],
  ['amazon.nova', 'nova'],
  ['amazon.titan-embed', 'titan-embed'],
  ['amazon.titan-text', 'titan-text'],
  ['amazon.titan-tg1', 'titan-text'],
  ['meta.llama', 'llama'],
  ['mistral.', 'mistral'],
  ['cohere.embed', 'cohere-embed'],
  ['cohere.command', 'cohere-command'],
  ['ai21.', 'jamba'],
  ['deepseek.', 'deepseek'],
  ['openai.', 'openai'],
  ['qwen.', 'openai'],
  ['writer.', 'openai'],
];

/** Maps a model id, inference-profile id or ARN to the response shape its provider uses. */
export function serverFamily(modelId: string | undefined): ServerFamily {
  if (!modelId) return 'unknown';
  // ARNs name the model (or profile) after the last slash.
  const tail = modelId.startsWith('arn:') ? modelId.slice(modelId.lastIndexOf('/') + 1) : modelId;
  const base = tail.replace(GEO_PREFIX, '');
  for (const [prefix, family] of RULES) if (base.startsWith(prefix)) return family;
  return 'unknown';
}

export function isEmbeddingFamily(family: ServerFamily): boolean {
  return family === 'titan-embed' || family === 'cohere-embed';
}
