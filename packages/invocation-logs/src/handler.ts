import { DiagConsoleLogger, DiagLogLevel, diag } from '@opentelemetry/api';
import type { Context, SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { InvocationLogAggregator } from './InvocationLogAggregator';
import { invocationLogsConfigFromEnv } from './invocationLogsConfigFromEnv';
import type { InvocationLogsConfig } from './types';

/** A Lambda handler for an SQS event source with `ReportBatchItemFailures` enabled. */
export type SqsHandler = (event: SQSEvent, context?: Context) => Promise<SQSBatchResponse>;

/** Builds a handler; explicit options win over `KENSA_INVOCATION_LOGS_*`. The aggregator is created once per container. */
export function createHandler(config: InvocationLogsConfig = {}, env: NodeJS.ProcessEnv = process.env): SqsHandler {
  let aggregator: InvocationLogAggregator | undefined;
  return (event, context) => {
    aggregator ??= new InvocationLogAggregator({ ...invocationLogsConfigFromEnv(env), ...config });
    return aggregator.handleSqsEvent(event, context);
  };
}

let defaultHandler: SqsHandler | undefined;

/** The Lambda entry point (`index.handler`), configured from the environment. */
export const handler: SqsHandler = (event, context) => {
  if (defaultHandler === undefined) {
    // This is the function's own entry point: config warnings should reach CloudWatch Logs.
    diag.setLogger(new DiagConsoleLogger(), { logLevel: DiagLogLevel.WARN, suppressOverrideMessage: true });
    defaultHandler = createHandler();
  }
  return defaultHandler(event, context);
};
