/** An OTLP/JSON `AnyValue`. int64 arrives as a string (`"intValue":"123"`) from protobuf-JSON writers. */
export interface OtlpAnyValue {
  stringValue?: string;
  intValue?: string | number;
  doubleValue?: number | string;
  boolValue?: boolean;
  arrayValue?: { values?: OtlpAnyValue[] };
}

/** The value as a number, or NaN when it is not numeric. */
export function anyNumber(v: OtlpAnyValue | undefined): number {
  if (v === undefined || v === null) return NaN;
  if (v.intValue !== undefined) return Number(v.intValue);
  if (v.doubleValue !== undefined) return Number(v.doubleValue);
  if (v.stringValue !== undefined && v.stringValue !== '') return Number(v.stringValue);
  return NaN;
}

/** The value as a string; arrays join with commas (finish reasons), undefined when absent. */
export function anyString(v: OtlpAnyValue | undefined): string | undefined {
  if (v === undefined || v === null) return undefined;
  if (v.stringValue !== undefined) return v.stringValue;
  if (v.intValue !== undefined) return String(v.intValue);
  if (v.doubleValue !== undefined) return String(v.doubleValue);
  if (v.boolValue !== undefined) return String(v.boolValue);
  if (v.arrayValue !== undefined) {
    const parts: string[] = [];
    // `"arrayValue":null` or `"values":5` reads as no items rather than throwing out of the reader.
    const values = v.arrayValue?.values;
    for (const item of Array.isArray(values) ? values : []) {
      const s = anyString(item);
      if (s !== undefined) parts.push(s);
    }
    return parts.join(',');
  }
  return undefined;
}

/** The value as a boolean; `"true"`/`"false"` strings are accepted, anything else is undefined. */
export function anyBool(v: OtlpAnyValue | undefined): boolean | undefined {
  if (v === undefined || v === null) return undefined;
  if (v.boolValue !== undefined) return Boolean(v.boolValue);
  if (v.stringValue === 'true') return true;
  if (v.stringValue === 'false') return false;
  return undefined;
}

/** Nanoseconds (string or number) to milliseconds. Float precision is ~0.25 µs, plenty for latency. */
export function nanosToMs(v: string | number | undefined): number {
  if (v === undefined || v === null) return NaN;
  return Number(v) / 1e6;
}
