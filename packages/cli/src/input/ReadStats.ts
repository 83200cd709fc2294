/** What the reader saw, for the report's input summary and for deciding the exit code. */
export interface ReadStats {
  files: number;
  bytes: number;
  lines: number;
  traceLines: number;
  metricLines: number;
  logLines: number;
  spans: number;
  metricDataPoints: number;
  logRecords: number;
  skippedLines: number;
}

export function emptyReadStats(): ReadStats {
  return { files: 0, bytes: 0, lines: 0, traceLines: 0, metricLines: 0, logLines: 0, spans: 0, metricDataPoints: 0, logRecords: 0, skippedLines: 0 };
}
