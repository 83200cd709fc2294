import type { RequestInfo } from './types';
import { firstNum, strings, type Obj } from './values';

/** The key aliases one family (or Converse) uses for each sampling parameter. */
export interface SamplingKeys {
  maxTokens: readonly string[];
  topP: readonly string[];
  topK?: readonly string[];
}

/**
 * Copies max tokens, temperature, top-p, top-k and stop sequences from `o` into `out`, under the
 * names this family uses; absent or non-numeric values are left out.
 */
export function readSampling(o: Obj | undefined, keys: SamplingKeys, stop: unknown, out: RequestInfo): void {
  const maxTokens = firstNum(o, ...keys.maxTokens);
  if (maxTokens !== undefined) out.maxTokens = maxTokens;
  const t = firstNum(o, 'temperature');
  if (t !== undefined) out.temperature = t;
  const p = firstNum(o, ...keys.topP);
  if (p !== undefined) out.topP = p;
  if (keys.topK) {
    const k = firstNum(o, ...keys.topK);
    if (k !== undefined) out.topK = k;
  }
  const stops = strings(stop);
  if (stops) out.stopSequences = stops;
}
