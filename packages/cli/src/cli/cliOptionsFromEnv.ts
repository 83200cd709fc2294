/** Environment the CLI reads, in one place. */
export interface CliEnvOptions {
  /** `KENSA_REPORT_STATS=1`: print peak RSS, spans and throughput to stderr after a report (used by the benchmark). */
  stats: boolean;
  /** `KENSA_DEBUG=1`: print stack traces of unexpected errors. */
  debug: boolean;
  /** `KENSA_WORKERS=<n>`: decode threads when `--workers` is not given (a bad value is ignored). */
  workers: number | undefined;
}

export function cliOptionsFromEnv(env: NodeJS.ProcessEnv): CliEnvOptions {
  const workers = env.KENSA_WORKERS === undefined || env.KENSA_WORKERS.trim() === '' ? NaN : Number(env.KENSA_WORKERS);
  return {
    stats: env.KENSA_REPORT_STATS === '1' || env.KENSA_REPORT_STATS === 'true',
    debug: env.KENSA_DEBUG === '1',
    workers: Number.isInteger(workers) && workers >= 0 ? workers : undefined,
  };
}
