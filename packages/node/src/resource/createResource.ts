import type { Attributes } from '@opentelemetry/api';
import { awsEc2Detector, awsEcsDetector } from '@opentelemetry/resource-detector-aws';
import {
  defaultResource,
  detectResources,
  envDetector,
  hostDetector,
  osDetector,
  processDetector,
  resourceFromAttributes,
  serviceInstanceIdDetector,
  type Resource,
  type ResourceDetector,
} from '@opentelemetry/resources';
import { ATTR_SERVICE_NAME } from '@opentelemetry/semantic-conventions';
import type { ResourceDetectorName } from '../config/types';
import { isProbablyEc2, isEcs } from './awsPlatform';

export interface CreateResourceOptions {
  detectors: readonly ResourceDetectorName[];
  serviceName?: string;
  attributes?: Attributes;
  env?: Readonly<Record<string, string | undefined>>;
}

/**
 * Builds the resource once so that the sampler and the SDK share it. Detection never blocks:
 * the AWS detectors' network calls become async attributes that the batch processors await
 * before their first export, and they are skipped outright where their platform is absent.
 */
export function createResource(options: CreateResourceOptions): Resource {
  const env = options.env ?? process.env;
  const detectors = options.detectors.flatMap((name): ResourceDetector[] => {
    switch (name) {
      case 'env':
        return [envDetector];
      case 'host':
        return [hostDetector];
      case 'process':
        return [processDetector];
      case 'os':
        return [osDetector];
      case 'serviceinstance':
        return [serviceInstanceIdDetector];
      case 'ecs':
        return isEcs(env) ? [awsEcsDetector] : [];
      case 'ec2':
        // On ECS the task metadata already names the host; asking IMDS there only adds latency.
        return !isEcs(env) && isProbablyEc2() ? [awsEc2Detector] : [];
    }
  });
  let resource = defaultResource().merge(detectResources({ detectors }));
  if (options.serviceName !== undefined) {
    resource = resource.merge(resourceFromAttributes({ [ATTR_SERVICE_NAME]: options.serviceName }));
  }
  if (options.attributes) resource = resource.merge(resourceFromAttributes(options.attributes));
  return resource;
}
