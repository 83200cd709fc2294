/**
 * Field paths of a per-call log record in Logs Insights. The awscloudwatchlogs exporter (raw_log: false)
 * writes each OTel record as one JSON object — `body`, `severity_number`, `severity_text`, `flags`,
 * `trace_id`, `span_id`, `attributes`, `scope`, `resource` — and Logs Insights flattens nested keys with
 * dots, so the attribute `gen_ai.request.model` becomes the field `attributes.gen_ai.request.model` and
 * the first element of an array attribute `….0`.
 */

/** Backticks make any field name safe in a query, whatever characters a key holds. */
export function quoteField(path: string): string {
  return '`' + path.replace(/`/g, '``') + '`';
}

/** The flattened path of a log-record attribute. */
export function attributePath(key: string, index?: number): string {
  return `attributes.${key}${index === undefined ? '' : `.${index}`}`;
}

/** A query reference to a log-record attribute. */
export function attr(key: string, index?: number): string {
  return quoteField(attributePath(key, index));
}

/** A query reference to a resource attribute (`service.name` → `resource.service.name`). */
export function resourceAttr(key: string): string {
  return quoteField(`resource.${key}`);
}

/** Top-level fields of the exporter's JSON that the queries use. */
export const FIELD_TRACE_ID = 'trace_id';
