/** Line, span, data-point and record counts of some input: a chunk, a file or everything read. */
export interface ChunkCounts {
  lines: number;
  traceLines: number;
  metricLines: number;
  logLines: number;
  spans: number;
  metricDataPoints: number;
  logRecords: number;
  skippedLines: number;
}

/** What the reader saw, for the report's input summary and for deciding the exit code. */
export interface ReadStats extends ChunkCounts {
  files: number;
  bytes: number;
}

export function emptyChunkCounts(): ChunkCounts {
  return { lines: 0, traceLines: 0, metricLines: 0, logLines: 0, spans: 0, metricDataPoints: 0, logRecords: 0, skippedLines: 0 };
}

export function emptyReadStats(): ReadStats {
  return { files: 0, bytes: 0, ...emptyChunkCounts() };
}
