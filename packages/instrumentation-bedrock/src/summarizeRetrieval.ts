import type { RetrievalSummary } from './BedrockCall';

/** Result count and relevance scores of a Retrieve output; never throws on odd shapes. */
export function summarizeRetrieve(output: unknown): RetrievalSummary {
  const results = (output as { retrievalResults?: unknown } | undefined)?.retrievalResults;
  if (!Array.isArray(results)) return { results: 0, scores: [] };
  const scores: number[] = [];
  for (const r of results) {
    const score = (r as { score?: unknown } | undefined)?.score;
    if (typeof score === 'number' && Number.isFinite(score)) scores.push(score);
  }
  return { results: results.length, scores };
}

/** References cited by a RetrieveAndGenerate output, and the generated text (for opt-in capture). */
export function summarizeRetrieveAndGenerate(output: unknown): RetrievalSummary {
  const o = output as { citations?: unknown; output?: { text?: unknown } } | undefined;
  let results = 0;
  const scores: number[] = [];
  if (Array.isArray(o?.citations)) {
    for (const citation of o.citations) {
      const refs = (citation as { retrievedReferences?: unknown } | undefined)?.retrievedReferences;
      if (!Array.isArray(refs)) continue;
      results += refs.length;
      for (const ref of refs) {
        const score = (ref as { score?: unknown } | undefined)?.score;
        if (typeof score === 'number' && Number.isFinite(score)) scores.push(score);
      }
    }
  }
  const text = o?.output?.text;
  return { results, scores, ...(typeof text === 'string' ? { outputText: text } : {}) };
}
