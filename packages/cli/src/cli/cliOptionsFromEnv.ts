/** Environment the CLI reads, in one place. */
export interface CliEnvOptions {
  /** `KENSA_REPORT_STATS=1`: print peak RSS, spans and throughput to stderr after a report (used by the benchmark). */
  stats: boolean;
  /** `KENSA_DEBUG=1`: print stack traces of unexpected errors. */
  debug: boolean;
}

export function cliOptionsFromEnv(env: NodeJS.ProcessEnv): CliEnvOptions {
  return { stats: env.KENSA_REPORT_STATS === '1' || env.KENSA_REPORT_STATS === 'true', debug: env.KENSA_DEBUG === '1' };
}
