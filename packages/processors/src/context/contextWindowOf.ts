import { resolveModel } from '@kensa/bedrock';

const MAX_CACHED = 256;
const cache = new Map<string, number | undefined>();

/**
 * The model's context window from the Bedrock catalogue (base ids, inference profiles and ARNs
 * resolved), for spans whose instrumentation did not set `kensa.gen_ai.model.context_window`.
 * Model ids repeat endlessly, so lookups are cached (bounded: ids come from user input).
 */
export function catalogueContextWindow(modelId: string): number | undefined {
  if (cache.has(modelId)) return cache.get(modelId);
  let window: number | undefined;
  try {
    const w = resolveModel(modelId).info?.contextWindow;
    window = typeof w === 'number' && w > 0 ? w : undefined;
  } catch {
    window = undefined;
  }
  if (cache.size < MAX_CACHED) cache.set(modelId, window);
  return window;
}
