import { ERROR_TYPE_THROTTLING } from './constants';
import {
  BUDGET_UTILIZATION,
  CONTEXT_UTILIZATION,
  COST_ALL,
  COST_BY_MODEL,
  DURATION_ALL,
  DURATION_BY_MODEL,
  DURATION_ERRORS,
  ERROR_PATTERNS,
  SLA_VIOLATIONS,
  TOKENS_BY_MODEL,
  TOKENS_BY_TYPE,
  search,
  type MetricSet,
} from './metricSets';
import { ATTR_ERROR_TYPE, GEN_AI_PROVIDER_NAME_VALUE_AWS_BEDROCK, GEN_AI_TOKEN_TYPE_VALUE_INPUT, GEN_AI_TOKEN_TYPE_VALUE_OUTPUT } from '@kensa/semconv';
import type { AlarmThresholds } from './types';

type MetricRow = Array<string | Record<string, unknown>>;

interface Widget {
  type: 'metric' | 'text';
  x: number;
  y: number;
  width: number;
  height: number;
  properties: Record<string, unknown>;
}

const WIDTH = 12;
const HEIGHT = 6;

/** A row for one explicit metric (namespace, name, dimension pairs, then rendering options). */
function explicit(s: MetricSet, values: readonly string[], options: Record<string, unknown>): MetricRow {
  const row: MetricRow = ['${Namespace}', s.metric];
  s.dimensions.forEach((d, i) => row.push(d, values[i] ?? ''));
  row.push(options);
  return row;
}

function expression(expr: string, id: string, label: string, visible = true): MetricRow {
  return [{ expression: expr, id, ...(label ? { label } : {}), ...(visible ? {} : { visible: false }) }];
}

interface WidgetSpec {
  title: string;
  metrics: MetricRow[];
  stat?: string;
  period: number;
  yLabel?: string;
  view?: 'timeSeries' | 'bar';
  annotation?: { label: string; value: number };
}

/**
 * The dashboard body, with `${Namespace}` and `${AWS::Region}` left for `Fn::Sub`. Widgets read only
 * the metric sets of ./metricSets; latency is in seconds, as the histogram records it.
 */
export function dashboardBody(slaMs: number, t: Required<AlarmThresholds>): string {
  const bedrock = GEN_AI_PROVIDER_NAME_VALUE_AWS_BEDROCK;
  const throttled = `"${ATTR_ERROR_TYPE}"="${ERROR_TYPE_THROTTLING}"`;
  const specs: WidgetSpec[] = [
    {
      title: 'Bedrock error rate (%)',
      period: 300,
      metrics: [
        expression(search(DURATION_ERRORS, 'SampleCount', 300), 'errors', 'failed calls', false),
        explicit(DURATION_ALL, [bedrock], { id: 'calls', stat: 'SampleCount', visible: false }),
        expression('100 * SUM(errors) / calls', 'rate', 'error rate %'),
      ],
      annotation: { label: 'alarm', value: t.errorRatePercent },
    },
    {
      title: 'Failed calls by model and error type',
      period: 300,
      view: 'bar',
      metrics: [expression(search(DURATION_ERRORS, 'SampleCount', 300), 'e', '')],
    },
    {
      title: 'Bedrock latency p50 / p95 / p99 by model (s)',
      period: 300,
      metrics: [
        expression(search(DURATION_BY_MODEL, 'p50', 300), 'p50', 'p50'),
        expression(search(DURATION_BY_MODEL, 'p95', 300), 'p95', 'p95'),
        expression(search(DURATION_BY_MODEL, 'p99', 300), 'p99', 'p99'),
      ],
      annotation: { label: 'SLA', value: slaMs / 1000 },
    },
    {
      // Works from the statistic sets awsemf writes for explicit-bucket histograms; the percentiles above
      // need the exponential histograms that carry EMF Values/Counts (README "Percentiles").
      title: 'Bedrock latency average / max by model (s)',
      period: 300,
      metrics: [
        expression(search(DURATION_BY_MODEL, 'Average', 300), 'avg', 'avg'),
        expression(search(DURATION_BY_MODEL, 'Maximum', 300), 'max', 'max'),
      ],
      annotation: { label: 'SLA', value: slaMs / 1000 },
    },
    {
      title: 'Throttled calls per minute (ThrottlingException)',
      period: 60,
      metrics: [expression(search(DURATION_ERRORS, 'SampleCount', 60, throttled), 't', '')],
      annotation: { label: 'alarm', value: t.throttlesPerMinute },
    },
    {
      title: 'Tokens: input vs output',
      period: 300,
      stat: 'Sum',
      metrics: [
        explicit(TOKENS_BY_TYPE, [GEN_AI_TOKEN_TYPE_VALUE_INPUT], { label: 'input' }),
        explicit(TOKENS_BY_TYPE, [GEN_AI_TOKEN_TYPE_VALUE_OUTPUT], { label: 'output' }),
      ],
    },
    {
      title: 'Tokens by model and type',
      period: 300,
      metrics: [expression(search(TOKENS_BY_MODEL, 'Sum', 300), 'tk', '')],
    },
    {
      title: 'Cost per hour (USD)',
      period: 3600,
      metrics: [
        explicit(COST_ALL, [bedrock], { stat: 'Sum', label: 'all models' }),
        expression(search(COST_BY_MODEL, 'Sum', 3600), 'hm', ''),
      ],
      annotation: { label: 'hourly alarm', value: t.hourlyCostUsd },
    },
    {
      title: 'Cost per day (USD)',
      period: 86400,
      view: 'bar',
      metrics: [
        explicit(COST_ALL, [bedrock], { stat: 'Sum', label: 'all models' }),
        expression(search(COST_BY_MODEL, 'Sum', 86400), 'dm', ''),
      ],
      annotation: { label: 'daily alarm', value: t.dailyCostUsd },
    },
    {
      title: 'SLA violations by bottleneck component',
      period: 300,
      metrics: [expression(search(SLA_VIOLATIONS, 'Sum', 300), 'sla', '')],
    },
    {
      title: 'Latency budget utilisation by component (p95, 1 = budget)',
      period: 300,
      metrics: [expression(search(BUDGET_UTILIZATION, 'p95', 300), 'bu', '')],
      annotation: { label: 'budget', value: 1 },
    },
    {
      title: 'Context budget utilisation by model (p95 / max, 1 = budget)',
      period: 300,
      metrics: [
        expression(search(CONTEXT_UTILIZATION, 'p95', 300), 'cp95', 'p95'),
        expression(search(CONTEXT_UTILIZATION, 'Maximum', 300), 'cmax', 'max'),
      ],
      annotation: { label: 'warning', value: 0.8 },
    },
    {
      title: 'Error patterns',
      period: 300,
      view: 'bar',
      metrics: [expression(search(ERROR_PATTERNS, 'Sum', 300), 'ep', '')],
    },
  ];
  const widgets: Widget[] = specs.map((spec, i) => ({
    type: 'metric',
    x: (i % 2) * WIDTH,
    y: Math.floor(i / 2) * HEIGHT,
    width: WIDTH,
    height: HEIGHT,
    properties: {
      title: spec.title,
      region: '${AWS::Region}',
      view: spec.view ?? 'timeSeries',
      stacked: false,
      period: spec.period,
      ...(spec.stat ? { stat: spec.stat } : {}),
      metrics: spec.metrics,
      ...(spec.annotation ? { annotations: { horizontal: [spec.annotation] } } : {}),
    },
  }));
  return JSON.stringify({ widgets });
}
