import { ValueType, type Counter, type Histogram, type Meter } from '@opentelemetry/api';
import {
  GEN_AI_DURATION_BUCKETS,
  GEN_AI_TOKEN_USAGE_BUCKETS,
  METRIC_GEN_AI_CLIENT_OPERATION_DURATION,
  METRIC_GEN_AI_CLIENT_OPERATION_TIME_TO_FIRST_CHUNK,
  METRIC_GEN_AI_CLIENT_TOKEN_USAGE,
  METRIC_KENSA_GEN_AI_CLIENT_COST,
} from '@kensa/semconv';

/** The four GenAI client instruments, with the bucket boundaries of the GenAI conventions as advice. */
export class Instruments {
  readonly tokenUsage: Histogram;
  readonly duration: Histogram;
  readonly timeToFirstChunk: Histogram;
  readonly cost: Counter;

  constructor(meter: Meter) {
    this.tokenUsage = meter.createHistogram(METRIC_GEN_AI_CLIENT_TOKEN_USAGE, {
      unit: '{token}',
      description: 'Number of input and output tokens used per GenAI call',
      valueType: ValueType.INT,
      advice: { explicitBucketBoundaries: [...GEN_AI_TOKEN_USAGE_BUCKETS] },
    });
    this.duration = meter.createHistogram(METRIC_GEN_AI_CLIENT_OPERATION_DURATION, {
      unit: 's',
      description: 'Duration of GenAI calls, failures included',
      advice: { explicitBucketBoundaries: [...GEN_AI_DURATION_BUCKETS] },
    });
    this.timeToFirstChunk = meter.createHistogram(METRIC_GEN_AI_CLIENT_OPERATION_TIME_TO_FIRST_CHUNK, {
      unit: 's',
      description: 'Time from the request until the first content-bearing chunk of a stream reached the application',
      advice: { explicitBucketBoundaries: [...GEN_AI_DURATION_BUCKETS] },
    });
    this.cost = meter.createCounter(METRIC_KENSA_GEN_AI_CLIENT_COST, {
      unit: 'USD',
      description: 'Estimated on-demand cost of GenAI calls (models with a known price only)',
    });
  }
}
