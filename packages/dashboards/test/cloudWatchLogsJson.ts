/**
 * What the collector's awscloudwatchlogs exporter (raw_log: false) writes for one OTel log record, and
 * how Logs Insights names its fields. The exporter marshals a `cwLogBody` struct with `omitempty` tags:
 * body, severity_number, severity_text, dropped_attributes_count, flags, trace_id, span_id, attributes,
 * scope {name, version, attributes}, resource (contrib exporter/awscloudwatchlogsexporter/exporter.go).
 * Logs Insights flattens nested JSON with dots and array elements by index.
 */
import type { ReadableLogRecord } from '@opentelemetry/sdk-logs';

type Json = Record<string, unknown>;

function put(o: Json, key: string, value: unknown): void {
  if (value === undefined || value === null || value === '' || value === 0) return; // omitempty
  if (typeof value === 'object' && Object.keys(value as object).length === 0) return;
  o[key] = value;
}

export function toCloudWatchLogsJson(record: ReadableLogRecord): Json {
  const out: Json = {};
  put(out, 'body', record.body);
  put(out, 'severity_number', record.severityNumber);
  put(out, 'severity_text', record.severityText);
  put(out, 'dropped_attributes_count', record.droppedAttributesCount);
  put(out, 'flags', record.spanContext?.traceFlags);
  put(out, 'trace_id', record.spanContext?.traceId);
  put(out, 'span_id', record.spanContext?.spanId);
  put(out, 'attributes', { ...record.attributes });
  const scope: Json = {};
  put(scope, 'name', record.instrumentationScope.name);
  put(scope, 'version', record.instrumentationScope.version);
  put(out, 'scope', scope);
  put(out, 'resource', { ...record.resource.attributes });
  // Round-trip through JSON, as the exporter's encoding/json does (drops undefined, keeps arrays).
  return JSON.parse(JSON.stringify(out)) as Json;
}

/** Logs Insights field names → values for one JSON event. */
export function flatten(value: unknown, prefix = '', out: Map<string, unknown> = new Map()): Map<string, unknown> {
  if (Array.isArray(value)) {
    value.forEach((v, i) => flatten(v, prefix ? `${prefix}.${i}` : String(i), out));
  } else if (typeof value === 'object' && value !== null) {
    for (const [k, v] of Object.entries(value)) flatten(v, prefix ? `${prefix}.${k}` : k, out);
  } else {
    out.set(prefix, value);
  }
  return out;
}
