import { diag } from '@opentelemetry/api';
import type { Resource } from '@opentelemetry/resources';
import { AWSXRayRemoteSampler } from '@opentelemetry/sampler-aws-xray';
import {
  AlwaysOffSampler,
  AlwaysOnSampler,
  ParentBasedSampler,
  TraceIdRatioBasedSampler,
  type Sampler,
} from '@opentelemetry/sdk-trace';
import type { SamplerConfig } from '../config/types';
import { ResourceReadySampler } from './ResourceReadySampler';

/** Maps the `OTEL_TRACES_SAMPLER` choice onto a sampler; the X-Ray one falls back if it cannot start. */
export function createSampler(config: SamplerConfig, resource: Resource): Sampler {
  switch (config.name) {
    case 'always_on':
      return new AlwaysOnSampler();
    case 'always_off':
      return new AlwaysOffSampler();
    case 'traceidratio':
      return new TraceIdRatioBasedSampler(config.ratio);
    case 'parentbased_always_off':
      return new ParentBasedSampler({ root: new AlwaysOffSampler() });
    case 'parentbased_traceidratio':
      return new ParentBasedSampler({ root: new TraceIdRatioBasedSampler(config.ratio) });
    case 'xray': {
      // Until the resource settles (milliseconds) and if the X-Ray sampler cannot start, sample
      // as the default does rather than drop: losing the first error trace is worse.
      const fallback = new ParentBasedSampler({ root: new AlwaysOnSampler() });
      return new ResourceReadySampler(
        resource,
        (ready) => {
          try {
            // Polls the collector's awsproxy extension; until rules arrive it samples 1/s + 5%.
            return new AWSXRayRemoteSampler({
              resource: ready,
              endpoint: config.xray.endpoint,
              pollingInterval: config.xray.pollingIntervalSeconds,
            });
          } catch (err) {
            diag.warn(`kensa: X-Ray remote sampler unavailable (${(err as Error).message}); sampling every trace`);
            return fallback;
          }
        },
        fallback,
      );
    }
    case 'parentbased_always_on':
      return new ParentBasedSampler({ root: new AlwaysOnSampler() });
  }
}
