import { DecodePool } from './input/DecodePool';
import { defaultWorkers } from './input/defaultWorkers';
import { InputError } from './input/InputError';
import { OtlpReader } from './input/OtlpReader';
import { resolveInputs } from './input/resolveInputs';
import type { Report } from './report/Report';
import { defaultCatalogue } from './report/defaultCatalogue';
import { DEFAULT_REPORT_CONFIG } from './report/ReportConfig';
import { ReportBuilder, type ReportBuilderOptions } from './report/ReportBuilder';

/** Builder options; `catalogue` defaults to the processors' error-pattern catalogue. */
export interface RunReportOptions extends ReportBuilderOptions {
  onWarning?: (message: string) => void;
  /** Called with (bytes done, bytes total) while reading. */
  onProgress?: (done: number, total: number) => void;
  /**
   * Decode worker threads (0: decode in this thread only). Default: for inputs of 16 MiB or more,
   * one per core but one, up to 4 (the main thread decodes too while they are busy); none on one
   * core or for smaller inputs, where starting workers costs more than it saves.
   */
  workers?: number;
  /** The built decode worker (default: decodeWorker.js beside this bundle; from source there is none). */
  workerScript?: string;
}

/**
 * Reads OTLP/JSON telemetry from files or directories and builds the report. Throws
 * {@link InputError} when nothing could be reported (missing input, no spans at all).
 */
export async function runReport(paths: readonly string[], options: RunReportOptions = {}): Promise<Report> {
  const files = resolveInputs(paths);
  const total = files.reduce((n, f) => n + f.bytes, 0);
  const config = options.config ?? DEFAULT_REPORT_CONFIG;
  const builder = new ReportBuilder({ catalogue: defaultCatalogue(config.patterns, config.disputed), ...options, config });
  const workerScript = options.workerScript ?? DecodePool.defaultScript();
  const reader = new OtlpReader({
    rules: config.rules,
    workers: options.workers ?? defaultWorkers(total, workerScript),
    ...(workerScript !== undefined ? { workerScript } : {}),
    onSpan: (s) => builder.addSpan(s),
    ...(options.onWarning !== undefined ? { onWarning: options.onWarning } : {}),
    ...(options.onProgress !== undefined ? { onProgress: (done: number) => options.onProgress?.(done, total) } : {}),
  });
  let stats;
  try {
    stats = await reader.read(files);
  } catch (err) {
    throw new InputError(`cannot read input: ${(err as Error).message}`);
  }
  if (stats.spans === 0) {
    const what = stats.lines === 0 ? 'the input is empty' : `no spans in ${stats.lines} line(s) (${stats.skippedLines} skipped)`;
    throw new InputError(`nothing to report: ${what} — expected OTLP/JSON trace lines such as the file exporter's traces.jsonl`);
  }
  return builder.build(stats, files.map((f) => f.path));
}
