import type { SearchRequestInfo } from './types';

/** Transport parameters as the client's API methods pass them to `Transport.request`. */
export interface TransportParams {
  method?: string;
  path?: string;
  body?: unknown;
  bulkBody?: unknown;
  querystring?: unknown;
}

const MAX_DEPTH = 8;
const MAX_NODES = 500;
/** msearch bodies as NDJSON text are only split when small enough to be worth it. */
const MAX_NDJSON_CHARS = 1_000_000;

interface QueryFacts {
  k: number | undefined;
  type: SearchRequestInfo['queryType'];
}

/** Finds the vector clause of a query with a bounded walk (bodies are user data of any shape). */
function queryFacts(body: unknown): QueryFacts {
  const facts: QueryFacts = { k: undefined, type: 'other' };
  let visited = 0;
  const walk = (node: unknown, depth: number): void => {
    if (depth > MAX_DEPTH || node === null || typeof node !== 'object' || ++visited > MAX_NODES) return;
    if (Array.isArray(node)) {
      for (const child of node) walk(child, depth + 1);
      return;
    }
    for (const [key, value] of Object.entries(node as Record<string, unknown>)) {
      if (key === 'hybrid' && facts.type === 'other') facts.type = 'hybrid';
      if ((key === 'knn' || key === 'neural') && value !== null && typeof value === 'object' && !Array.isArray(value)) {
        if (facts.type === 'other' || facts.type === 'script_score') facts.type = key;
        if (facts.k === undefined) {
          for (const field of Object.values(value as Record<string, unknown>)) {
            const k = (field as { k?: unknown } | null)?.k;
            if (typeof k === 'number' && Number.isFinite(k)) {
              facts.k = k;
              break;
            }
          }
        }
        continue;
      }
      if (key === 'script_score' && facts.type === 'other') facts.type = 'script_score';
      walk(value, depth + 1);
    }
  };
  walk((body as { query?: unknown } | null)?.query, 0);
  if (facts.k === undefined) {
    const size = (body as { size?: unknown } | null)?.size;
    if (typeof size === 'number' && Number.isFinite(size)) facts.k = size;
  }
  return facts;
}

function msearchEntries(bulkBody: unknown): Array<{ header: Record<string, unknown>; body: unknown }> {
  let items: unknown[] | undefined;
  if (Array.isArray(bulkBody)) items = bulkBody;
  else if (typeof bulkBody === 'string' && bulkBody.length <= MAX_NDJSON_CHARS) {
    items = bulkBody
      .split('\n')
      .filter((l) => l.trim().length > 0)
      .map((l) => {
        try {
          return JSON.parse(l) as unknown;
        } catch {
          return undefined;
        }
      });
  }
  if (items === undefined) return [];
  const entries: Array<{ header: Record<string, unknown>; body: unknown }> = [];
  for (let i = 0; i + 1 < items.length; i += 2) {
    const header = items[i];
    entries.push({ header: header !== null && typeof header === 'object' ? (header as Record<string, unknown>) : {}, body: items[i + 1] });
  }
  return entries;
}

/** The search a transport request performs, or undefined for any other API call. */
export function searchRequestInfo(params: TransportParams): SearchRequestInfo | undefined {
  const path = typeof params.path === 'string' ? params.path : '';
  const segments = path.split('/').filter(Boolean);
  const endpoint = segments[segments.length - 1];
  const pathIndex = segments.length > 1 ? safeDecode(segments[0]!) : undefined;
  if (endpoint === '_search') {
    const facts = queryFacts(params.body);
    return { operation: 'search', index: pathIndex, k: facts.k, queryType: facts.type, batchSize: undefined };
  }
  if (endpoint === '_msearch') {
    const entries = msearchEntries(params.bulkBody ?? params.body);
    let k: number | undefined;
    let type: SearchRequestInfo['queryType'] = 'other';
    const indices = new Set<string>();
    for (const e of entries) {
      const facts = queryFacts(e.body);
      if (facts.k !== undefined) k = (k ?? 0) + facts.k;
      if (type === 'other') type = facts.type;
      const idx = typeof e.header['index'] === 'string' ? e.header['index'] : pathIndex;
      if (idx !== undefined) indices.add(idx);
    }
    // One collection name only when every search targets the same index.
    const index = indices.size === 1 ? [...indices][0] : indices.size === 0 ? pathIndex : undefined;
    return { operation: 'msearch', index, k, queryType: type, batchSize: entries.length };
  }
  return undefined;
}

function safeDecode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

/** The query as JSON with vectors elided (a 1024-float vector is ~20 KB of noise), capped in length. */
export function queryText(params: TransportParams, maxLength = 4096): string | undefined {
  const source = params.bulkBody ?? params.body;
  if (source === undefined) return undefined;
  try {
    const text =
      typeof source === 'string'
        ? source
        : JSON.stringify(source, (_key, value: unknown) =>
            Array.isArray(value) && value.length > 16 && value.every((v) => typeof v === 'number') ? `[${value.length} numbers]` : value,
          );
    return text.length > maxLength ? `${text.slice(0, maxLength)}…` : text;
  } catch {
    return undefined;
  }
}
