import type { Meter, MeterProvider } from '@opentelemetry/api';
import { metrics } from '@opentelemetry/api';

const METER_NAME = '@kensa/processors';

/**
 * Creates a processor's instruments on first use and again whenever the global MeterProvider
 * changes. Processors are built before the distro starts the SDK (which registers the global
 * provider); instruments taken from the no-op provider at construction would never record.
 */
export class LazyMeter<T> {
  private provider: MeterProvider | undefined;
  private instruments: T | undefined;

  constructor(
    private readonly factory: (meter: Meter) => T,
    private readonly explicit?: MeterProvider,
  ) {}

  get(): T {
    const provider = this.explicit ?? metrics.getMeterProvider();
    if (provider !== this.provider || this.instruments === undefined) {
      this.instruments = this.factory(provider.getMeter(METER_NAME));
      this.provider = provider;
    }
    return this.instruments;
  }
}
