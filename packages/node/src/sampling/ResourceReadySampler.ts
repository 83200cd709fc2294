import { diag, type Attributes, type Context, type Link, type SpanKind } from '@opentelemetry/api';
import type { Resource } from '@opentelemetry/resources';
import type { Sampler, SamplingResult } from '@opentelemetry/sdk-trace';

/**
 * Defers building a resource-dependent sampler until the resource's asynchronous attributes
 * (host id, ECS task ARNs, …) have settled, using `interim` until then. The X-Ray remote sampler
 * matches rules against resource attributes and reading them early logs an error and matches
 * on an incomplete resource.
 */
export class ResourceReadySampler implements Sampler {
  private current: Sampler;

  constructor(resource: Resource, create: (resource: Resource) => Sampler, private readonly interim: Sampler) {
    this.current = interim;
    const ready = resource.waitForAsyncAttributes?.() ?? Promise.resolve();
    ready
      .then(() => {
        this.current = create(resource);
      })
      .catch((err: unknown) => diag.warn(`kensa: sampler kept its fallback: ${(err as Error)?.message ?? String(err)}`));
  }

  shouldSample(context: Context, traceId: string, spanName: string, spanKind: SpanKind, attributes: Attributes, links: Link[]): SamplingResult {
    return this.current.shouldSample(context, traceId, spanName, spanKind, attributes, links);
  }

  toString(): string {
    return this.current === this.interim ? `ResourceReadySampler{pending, interim=${this.interim.toString()}}` : this.current.toString();
  }
}
