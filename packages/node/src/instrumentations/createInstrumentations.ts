import { diag } from '@opentelemetry/api';
import type { Instrumentation } from '@opentelemetry/instrumentation';
import { AwsInstrumentation } from '@opentelemetry/instrumentation-aws-sdk';
import { HttpInstrumentation } from '@opentelemetry/instrumentation-http';
import { IORedisInstrumentation } from '@opentelemetry/instrumentation-ioredis';
import { PinoInstrumentation } from '@opentelemetry/instrumentation-pino';
import { RedisInstrumentation } from '@opentelemetry/instrumentation-redis';
import { UndiciInstrumentation } from '@opentelemetry/instrumentation-undici';
import { WinstonInstrumentation } from '@opentelemetry/instrumentation-winston';
import type { InstrumentationName } from '../config/types';
import { createBedrockInstrumentation, createOpenSearchInstrumentation } from './kensaInstrumentations';

export interface InstrumentationContext {
  captureMessageContent: boolean;
  kensaConfig: Record<string, unknown> | undefined;
}

type Factory = (ctx: InstrumentationContext) => Instrumentation | undefined;

/**
 * One factory per name; adding an instrumentation is one line here plus its name in
 * `INSTRUMENTATION_NAMES`. A factory may return undefined when its package is not there yet.
 */
export const INSTRUMENTATION_FACTORIES: Record<InstrumentationName, Factory> = {
  // Internal HTTP spans stay on: they show each retry attempt (throttling) and carry the
  // X-Amzn-Trace-Id header to AWS, which suppressing them would drop.
  'aws-sdk': () => new AwsInstrumentation(),
  http: () => new HttpInstrumentation(),
  undici: () => new UndiciInstrumentation(),
  ioredis: () => new IORedisInstrumentation(),
  redis: () => new RedisInstrumentation(),
  // Log correlation: trace_id/span_id/trace_flags are added to every record logged inside a span.
  pino: () => new PinoInstrumentation(),
  winston: () => new WinstonInstrumentation(),
  bedrock: (ctx) => createBedrockInstrumentation(ctx),
  opensearch: (ctx) => createOpenSearchInstrumentation(ctx),
};

/** Builds the enabled instrumentations; one that fails to construct is reported and skipped. */
export function createInstrumentations(names: readonly InstrumentationName[], ctx: InstrumentationContext): Instrumentation[] {
  return names.flatMap((name) => {
    try {
      const instrumentation = INSTRUMENTATION_FACTORIES[name](ctx);
      return instrumentation ? [instrumentation] : [];
    } catch (err) {
      diag.warn(`kensa: instrumentation ${name} could not be created (${(err as Error).message}); continuing without it`);
      return [];
    }
  });
}
