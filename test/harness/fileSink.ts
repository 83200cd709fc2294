import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startCollector, type Collector } from './collector.js';

/** One span as the file exporter writes it (OTLP JSON: ids in lowercase hex, times in unix nanos). */
export interface SinkSpan {
  traceId: string;
  spanId: string;
  parentSpanId: string;
  name: string;
  statusCode: number;
  attributes: Record<string, unknown>;
  resource: Record<string, unknown>;
}

export interface FileSink {
  collector: Collector;
  /** Where the sink writes: one ExportTraceServiceRequest / …Metrics… / …Logs… JSON document per line. */
  files: { traces: string; metrics: string; logs: string };
  /** Every span received so far, in arrival order (duplicates included, so tests can count them). */
  spans(): SinkSpan[];
  /** Raw OTLP JSON documents of one signal. */
  documents(signal: 'traces' | 'metrics' | 'logs'): unknown[];
  stop(): Promise<void>;
}

type OtlpValue = { stringValue?: string; intValue?: string | number; doubleValue?: number; boolValue?: boolean };
type OtlpAttribute = { key: string; value: OtlpValue };

function attributeMap(attributes: OtlpAttribute[] | undefined): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const { key, value } of attributes ?? []) {
    out[key] = value.stringValue ?? (value.intValue !== undefined ? Number(value.intValue) : undefined) ?? value.doubleValue ?? value.boolValue;
  }
  return out;
}

function readLines(file: string): unknown[] {
  if (!existsSync(file)) return [];
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as unknown);
}

/**
 * A collector that writes everything it receives over OTLP to JSON-lines files: the end of a pipeline
 * under test, read back exactly (every span, with duplicates), without any AWS fake in between.
 */
export async function startFileSink(name = 'sink'): Promise<FileSink> {
  const dir = mkdtempSync(join(tmpdir(), 'kensa-sink-'));
  const files = { traces: join(dir, 'traces.jsonl'), metrics: join(dir, 'metrics.jsonl'), logs: join(dir, 'logs.jsonl') };
  const exporter = (path: string) => ({ path, format: 'json', flush_interval: '100ms' });
  const collector = await startCollector({
    name,
    config: {
      yaml: JSON.stringify({
        extensions: { health_check: { endpoint: '${env:KENSA_HEALTH_CHECK_ENDPOINT}' } },
        receivers: {
          otlp: {
            protocols: {
              grpc: { endpoint: '${env:KENSA_OTLP_GRPC_ENDPOINT}', max_recv_msg_size_mib: 64 },
              http: { endpoint: '${env:KENSA_OTLP_HTTP_ENDPOINT}' },
            },
          },
        },
        exporters: {
          'file/traces': exporter(files.traces),
          'file/metrics': exporter(files.metrics),
          'file/logs': exporter(files.logs),
        },
        service: {
          extensions: ['health_check'],
          telemetry: { metrics: { level: 'none' } },
          pipelines: {
            traces: { receivers: ['otlp'], exporters: ['file/traces'] },
            metrics: { receivers: ['otlp'], exporters: ['file/metrics'] },
            logs: { receivers: ['otlp'], exporters: ['file/logs'] },
          },
        },
      }),
    },
  });
  return {
    collector,
    files,
    documents: (signal) => readLines(files[signal]),
    spans: () => {
      const spans: SinkSpan[] = [];
      for (const doc of readLines(files.traces) as Array<{ resourceSpans?: unknown[] }>) {
        for (const rs of (doc.resourceSpans ?? []) as Array<{ resource?: { attributes?: OtlpAttribute[] }; scopeSpans?: unknown[] }>) {
          const resource = attributeMap(rs.resource?.attributes);
          for (const ss of (rs.scopeSpans ?? []) as Array<{ spans?: unknown[] }>) {
            for (const s of (ss.spans ?? []) as Array<Record<string, unknown>>) {
              spans.push({
                traceId: String(s.traceId ?? ''),
                spanId: String(s.spanId ?? ''),
                parentSpanId: String(s.parentSpanId ?? ''),
                name: String(s.name ?? ''),
                statusCode: Number((s.status as { code?: number } | undefined)?.code ?? 0),
                attributes: attributeMap(s.attributes as OtlpAttribute[] | undefined),
                resource,
              });
            }
          }
        }
      }
      return spans;
    },
    stop: () => collector.stop().finally(() => rmSync(dir, { recursive: true, force: true })),
  };
}
