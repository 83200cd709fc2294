/** What the instrumentation reads from a search response body. */
export interface SearchResponseFacts {
  results: number;
  scores: { min: number; mean: number; max: number } | undefined;
  tookMs: number | undefined;
  /** First error type inside an `_msearch` response (the HTTP status is 200 even then). */
  innerErrorType: string | undefined;
}

interface HitsBody {
  took?: unknown;
  hits?: { hits?: unknown };
  error?: { type?: unknown };
  responses?: unknown;
}

/** Counts hits and summarises their scores; only `_score` numbers are read, never `_source`. */
export function searchResponseFacts(body: unknown): SearchResponseFacts {
  const facts: SearchResponseFacts = { results: 0, scores: undefined, tookMs: undefined, innerErrorType: undefined };
  if (body === null || typeof body !== 'object') return facts;
  const b = body as HitsBody;
  const parts: HitsBody[] = Array.isArray(b.responses) ? (b.responses as HitsBody[]) : [b];
  let min = Infinity;
  let max = -Infinity;
  let sum = 0;
  let scored = 0;
  for (const part of parts) {
    if (part === null || typeof part !== 'object') continue;
    if (facts.innerErrorType === undefined && part.error && typeof part.error.type === 'string') facts.innerErrorType = part.error.type;
    const hits = part.hits?.hits;
    if (!Array.isArray(hits)) continue;
    facts.results += hits.length;
    for (const hit of hits) {
      const score = (hit as { _score?: unknown } | null)?._score;
      if (typeof score !== 'number' || !Number.isFinite(score)) continue;
      scored++;
      sum += score;
      if (score < min) min = score;
      if (score > max) max = score;
    }
  }
  if (typeof b.took === 'number' && Number.isFinite(b.took)) facts.tookMs = b.took;
  if (scored > 0) facts.scores = { min, mean: sum / scored, max };
  return facts;
}
