import { AggregationTemporality, MetricReader } from '@opentelemetry/sdk-metrics';

/** A reader the tests collect from by hand; delta by default, so each collection drains what came before. */
export class TestMetricReader extends MetricReader {
  constructor(temporality: AggregationTemporality = AggregationTemporality.DELTA) {
    super({ aggregationTemporalitySelector: () => temporality });
  }
  protected onForceFlush(): Promise<void> {
    return Promise.resolve();
  }
  protected onShutdown(): Promise<void> {
    return Promise.resolve();
  }
}
