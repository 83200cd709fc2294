/** Bodies above this are refused (413): a test server must not be made to buffer without bound. */
export const MAX_BODY_BYTES = 10 * 1024 * 1024;

/** k of the first `knn`/`neural` clause in a query (bounded walk), else the body's `size`. */
export function requestedK(body: unknown): number | undefined {
  const size = (body as { size?: unknown } | null)?.size;
  const fromQuery = findK((body as { query?: unknown } | null)?.query, 0);
  if (fromQuery !== undefined) return fromQuery;
  return typeof size === 'number' ? size : undefined;
}

function findK(node: unknown, depth: number): number | undefined {
  if (depth > 8 || node === null || typeof node !== 'object') return undefined;
  if (Array.isArray(node)) {
    for (const child of node.slice(0, 50)) {
      const k = findK(child, depth + 1);
      if (k !== undefined) return k;
    }
    return undefined;
  }
  for (const [key, value] of Object.entries(node as Record<string, unknown>)) {
    if ((key === 'knn' || key === 'neural') && value !== null && typeof value === 'object') {
      for (const field of Object.values(value as Record<string, unknown>)) {
        const k = (field as { k?: unknown } | null)?.k;
        if (typeof k === 'number') return k;
      }
    }
    const k = findK(value, depth + 1);
    if (k !== undefined) return k;
  }
  return undefined;
}

/** Splits an `_msearch` NDJSON body into header/body pairs. Unparsable lines become `undefined`. */
export function parseMsearch(text: string): Array<{ header: Record<string, unknown>; body: unknown }> {
  const lines = text.split('\n').filter((l) => l.trim().length > 0);
  const pairs: Array<{ header: Record<string, unknown>; body: unknown }> = [];
  for (let i = 0; i + 1 < lines.length; i += 2) {
    pairs.push({ header: (tryJson(lines[i]!) as Record<string, unknown> | undefined) ?? {}, body: tryJson(lines[i + 1]!) });
  }
  return pairs;
}

export function tryJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
