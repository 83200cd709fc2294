import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import * as semconv from '@kensa/semconv';
import { loadCollectorConfig, section, type ConfigMap } from '../../harness/collectorConfig.js';

// Static checks of collector/*.yaml that need no collector binary: the names match @kensa/semconv (one
// definition per name), and every component is one ADOT ships.

const collectorDir = resolve(__dirname, '../../../collector');
const files = ['sidecar.yaml', 'sidecar-xray-sampling.yaml', 'gateway-agent.yaml', 'gateway-sampler.yaml'];

// ADOT collector's pkg/defaultcomponents, the components its binary registers, as read from the
// aws-otel-collector repository (its v0.49.0 tag itself could not be fetched here). Notably absent: transform.
const ADOT_COMPONENTS = {
  receivers: ['otlp', 'awsecscontainermetrics', 'awscontainerinsightreceiver', 'awsxray', 'statsd', 'prometheus', 'kafka', 'jaeger', 'zipkin', 'filelog'],
  processors: [
    'groupbytrace', 'tail_sampling', 'attributes', 'resource', 'probabilistic_sampler', 'span', 'filter', 'metricstransform',
    'resourcedetection', 'experimental_metricsgeneration', 'cumulativetodelta', 'deltatorate', 'batch', 'memory_limiter', 'k8sattributes',
  ],
  exporters: [
    'awsemf', 'prometheusremotewrite', 'prometheus', 'file', 'kafka', 'debug', 'otlp', 'otlphttp', 'awsxray', 'loadbalancing', 'awscloudwatchlogs',
  ],
  extensions: ['awsproxy', 'ecs_observer', 'health_check', 'pprof', 'sigv4auth', 'zpages', 'file_storage'],
} as const;

const componentType = (id: string): string => id.split('/')[0] ?? id;
const semconvValues = new Set<string>(Object.values(semconv as Record<string, unknown>).filter((v): v is string => typeof v === 'string'));

describe('collector configs', () => {
  it.each(files)('%s uses only components ADOT ships', (file) => {
    const config = parse(readFileSync(join(collectorDir, file), 'utf8')) as ConfigMap;
    for (const kind of Object.keys(ADOT_COMPONENTS) as Array<keyof typeof ADOT_COMPONENTS>) {
      for (const id of Object.keys(section(config, kind))) {
        expect(ADOT_COMPONENTS[kind] as readonly string[], `${file}: ${kind}.${id}`).toContain(componentType(id));
      }
    }
  });

  it('indexes the same X-Ray annotation keys on both export paths, each one a @kensa/semconv name', () => {
    const expected = [
      semconv.ATTR_GEN_AI_REQUEST_MODEL,
      semconv.ATTR_GEN_AI_OPERATION_NAME,
      semconv.ATTR_SESSION_ID,
      semconv.ATTR_KENSA_BUDGET_STATUS,
      semconv.ATTR_KENSA_BOTTLENECK_COMPONENT,
      semconv.ATTR_KENSA_ERROR_PATTERN_ID,
      semconv.ATTR_KENSA_SLA_MET,
    ];
    for (const file of ['sidecar.yaml', 'gateway-sampler.yaml']) {
      const xray = section(loadCollectorConfig(join(collectorDir, file)), 'exporters', 'awsxray');
      expect(xray.indexed_attributes, file).toEqual(expected);
      expect(xray.index_all_attributes, file).toBe(false);
    }
  });

  it('declares every Kensa metric for EMF, with dimensions that are @kensa/semconv names', () => {
    const emf = section(loadCollectorConfig(join(collectorDir, 'sidecar.yaml')), 'exporters', 'awsemf');
    expect(emf.dimension_rollup_option).toBe('NoDimensionRollup');
    const declarations = emf.metric_declarations as Array<{ metric_name_selectors: string[]; dimensions: string[][] }>;
    const metrics = [
      semconv.METRIC_GEN_AI_CLIENT_TOKEN_USAGE,
      semconv.METRIC_GEN_AI_CLIENT_OPERATION_DURATION,
      semconv.METRIC_GEN_AI_CLIENT_OPERATION_TIME_TO_FIRST_CHUNK,
      semconv.METRIC_KENSA_GEN_AI_CLIENT_COST,
      semconv.METRIC_KENSA_BUDGET_UTILIZATION,
      semconv.METRIC_KENSA_SLA_VIOLATIONS,
      semconv.METRIC_KENSA_CONTEXT_UTILIZATION,
      semconv.METRIC_KENSA_ERROR_PATTERN_COUNT,
    ];
    for (const metric of metrics) {
      // Selectors are regular expressions: each must match its metric and no other Kensa metric.
      const matching = declarations.filter((d) => d.metric_name_selectors.some((s) => new RegExp(s).test(metric)));
      expect(matching, metric).toHaveLength(1);
      for (const other of metrics.filter((m) => m !== metric)) {
        expect(matching[0]!.metric_name_selectors.some((s) => new RegExp(s).test(other)), `${metric} vs ${other}`).toBe(false);
      }
      for (const set of matching[0]!.dimensions) {
        expect(set.length, metric).toBeGreaterThan(0);
        for (const dimension of set) expect(semconvValues, `${metric}: ${dimension}`).toContain(dimension);
      }
    }
    expect(declarations).toHaveLength(metrics.length);
  });

  it('forwards exactly the GenAI per-call log event to CloudWatch Logs', () => {
    const filter = section(loadCollectorConfig(join(collectorDir, 'sidecar.yaml')), 'processors', 'filter/genai_logs');
    expect(filter.logs).toEqual({
      log_record: [`log.event_name != "${semconv.EVENT_GEN_AI_CLIENT_INFERENCE_OPERATION_DETAILS}"`],
    });
  });

  it('samples by the reference policy: all errors, 50% of traces over the 3,000 ms SLA, 1% of the rest', () => {
    const tail = section(loadCollectorConfig(join(collectorDir, 'gateway-sampler.yaml')), 'processors', 'tail_sampling');
    const policies = tail.policies as ConfigMap[];
    expect(policies.map((p) => p.type)).toEqual(['status_code', 'and', 'probabilistic']);
    expect(JSON.stringify(policies)).toContain('"threshold_ms":"${env:KENSA_SLA_MS:-3000}"');
    expect(JSON.stringify(policies)).toContain('"sampling_percentage":"${env:KENSA_SAMPLING_SLOW_PERCENT:-50}"');
    expect(JSON.stringify(policies)).toContain('"sampling_percentage":"${env:KENSA_SAMPLING_BASE_PERCENT:-1}"');
  });

  it('persists the agent tier’s routing queue and keeps the per-sampler exporters from acknowledging early', () => {
    const config = loadCollectorConfig(join(collectorDir, 'sidecar.yaml'), join(collectorDir, 'gateway-agent.yaml'));
    const lb = section(config, 'exporters', 'loadbalancing');
    expect(lb.routing_key).toBe('traceID');
    expect(section(lb, 'sending_queue').storage).toBe('file_storage/queue');
    expect(section(lb, 'protocol', 'otlp', 'sending_queue').enabled).toBe(false);
    expect(section(config, 'service').extensions).toEqual(['health_check', 'file_storage/queue']);
    expect(section(config, 'service', 'pipelines', 'traces').exporters).toEqual(['loadbalancing']);
    // The merge keeps the sidecar's metrics and logs pipelines.
    expect(Object.keys(section(config, 'service', 'pipelines')).sort()).toEqual(['logs', 'metrics', 'traces']);
  });
});
