export type ResourceAttributesResult = { ok: true; attributes: Record<string, string> } | { ok: false; error: string };

// Same limit as the stock env detector, which would otherwise drop the value without a word.
const MAX_LENGTH = 255;

/**
 * Parses `OTEL_RESOURCE_ATTRIBUTES` by the spec's rules (`k=v` pairs, `,` and `=` percent-encoded),
 * so that a value the stock env detector would silently discard is reported to the operator.
 */
export function parseResourceAttributes(raw: string): ResourceAttributesResult {
  const attributes: Record<string, string> = {};
  for (const entry of raw.split(',').filter((e) => e.trim() !== '')) {
    const parts = entry.split('=');
    if (parts.length !== 2) return { ok: false, error: `"${entry}" is not key=value` };
    const [rawKey, rawValue] = parts.map((p) => p.trim()) as [string, string];
    if (rawKey === '') return { ok: false, error: `"${entry}" has an empty key` };
    let key: string;
    let value: string;
    try {
      key = decodeURIComponent(rawKey);
      value = decodeURIComponent(rawValue);
    } catch {
      return { ok: false, error: `"${entry}" is not valid percent-encoding` };
    }
    if (key.length > MAX_LENGTH || value.length > MAX_LENGTH) {
      return { ok: false, error: `"${key}" is longer than ${MAX_LENGTH} characters` };
    }
    attributes[key] = value;
  }
  return { ok: true, attributes };
}
