#!/usr/bin/env node
import { parseArgs } from 'node:util';
import { S3Client } from '@aws-sdk/client-s3';
import { DiagConsoleLogger, DiagLogLevel, diag } from '@opentelemetry/api';
import { backfill, listLocalObjects, listS3Objects } from './backfill';
import { InvocationLogAggregator } from './InvocationLogAggregator';
import { invocationLogsConfigFromEnv } from './invocationLogsConfigFromEnv';
import type { MetricSink } from './ObjectProcessor';
import type { InvocationLogsConfig } from './types';

const USAGE = `Usage:
  kensa-invocation-logs backfill --bucket <bucket> [--prefix <prefix>] [options]
  kensa-invocation-logs backfill --dir <path> [options]

Options:
  --table <name>       DynamoDB ledger table (exactly-once across runs; without it, re-runs count again)
  --namespace <ns>     CloudWatch namespace (default Kensa/Bedrock/InvocationLogs)
  --region <region>    AWS region
  --endpoint <url>     AWS endpoint (local servers)
  --dry-run            print the data points as JSON lines instead of publishing
`;

/** Runs the CLI; returns the process exit code (0 all counted, 1 some objects failed, 2 usage). */
export async function main(argv: string[], out: (line: string) => void = (l) => process.stdout.write(l + '\n'), err: (line: string) => void = (l) => process.stderr.write(l + '\n')): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        bucket: { type: 'string' },
        prefix: { type: 'string' },
        dir: { type: 'string' },
        table: { type: 'string' },
        namespace: { type: 'string' },
        region: { type: 'string' },
        endpoint: { type: 'string' },
        'dry-run': { type: 'boolean' },
        help: { type: 'boolean' },
      },
    });
  } catch (error) {
    err(`${(error as Error).message}\n${USAGE}`);
    return 2;
  }
  const { values, positionals } = parsed;
  if (values.help === true) {
    out(USAGE);
    return 0;
  }
  if (positionals[0] !== 'backfill' || (values.bucket === undefined) === (values.dir === undefined)) {
    err(USAGE);
    return 2;
  }
  diag.setLogger(new DiagConsoleLogger(), { logLevel: DiagLogLevel.WARN, suppressOverrideMessage: true });
  const config: InvocationLogsConfig = {
    ...invocationLogsConfigFromEnv(process.env),
    logSink: err,
    ...(values.table !== undefined ? { ledgerTable: values.table } : {}),
    ...(values.namespace !== undefined ? { namespace: values.namespace } : {}),
    ...(values.region !== undefined ? { region: values.region } : {}),
    ...(values.endpoint !== undefined ? { clientConfig: { endpoint: values.endpoint, forcePathStyle: true } } : {}),
  };
  const dryRun: MetricSink | undefined = values['dry-run'] === true ? { publish: async (batch) => batch.forEach((d) => out(JSON.stringify(d))) } : undefined;
  const aggregator = new InvocationLogAggregator(config, { ...(values.dir !== undefined ? { source: 'local' as const } : {}), ...(dryRun !== undefined ? { sink: dryRun } : {}) });
  if (!aggregator.ledgerIsDurable && dryRun === undefined) {
    err('warning: no --table: objects are counted once in this run, but running again counts them again');
  }
  const refs =
    values.dir !== undefined
      ? listLocalObjects(values.dir)
      : listS3Objects(
          new S3Client({
            ...(config.region !== undefined ? { region: config.region } : {}),
            ...(values.endpoint !== undefined ? { endpoint: values.endpoint, forcePathStyle: true } : {}),
          }),
          values.bucket as string,
          values.prefix ?? '',
        );
  const summary = await backfill(aggregator, refs);
  err(JSON.stringify({ level: 'info', message: 'backfill finished', ...summary }));
  return summary.failed > 0 ? 1 : 0;
}

if (typeof require !== 'undefined' && typeof module !== 'undefined' && require.main === module) {
  main(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      process.stderr.write(`kensa-invocation-logs: ${(error as Error).stack ?? String(error)}\n`);
      process.exitCode = 1;
    },
  );
}
