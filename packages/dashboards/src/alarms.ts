import { GEN_AI_PROVIDER_NAME_VALUE_AWS_BEDROCK, ATTR_ERROR_TYPE } from '@kensa/semconv';
import { ERROR_TYPE_THROTTLING } from './constants';
import { COST_ALL, DURATION_ALL, DURATION_ERRORS, insights, type MetricSet } from './metricSets';
import type { AlarmThresholds } from './types';

type Resource = { Type: string; Properties: Record<string, unknown> };

/** Condition name: alarms notify only when an SNS topic ARN was given. */
export const HAS_ALARM_TOPIC = 'HasAlarmTopic';

function metricDimensions(s: MetricSet, values: readonly string[]): Array<{ Name: string; Value: string }> {
  return s.dimensions.map((Name, i) => ({ Name, Value: values[i] ?? '' }));
}

function base(name: string, description: string, threshold: number, periods: number, datapoints: number): Record<string, unknown> {
  return {
    AlarmName: { 'Fn::Sub': `\${ServiceName}-genai-${name}` },
    AlarmDescription: description,
    ActionsEnabled: true,
    AlarmActions: { 'Fn::If': [HAS_ALARM_TOPIC, [{ Ref: 'AlarmTopicArn' }], { Ref: 'AWS::NoValue' }] },
    ComparisonOperator: 'GreaterThanThreshold',
    Threshold: threshold,
    EvaluationPeriods: periods,
    DatapointsToAlarm: datapoints,
    // No calls is not an incident: missing data never alarms (traffic loss shows on other alarms).
    TreatMissingData: 'notBreaching',
  };
}

/** A plain single-metric alarm on the all-models series (one dimension with a known value). */
function allModels(s: MetricSet, stat: { Statistic: string } | { ExtendedStatistic: string }, periodS: number): Record<string, unknown> {
  return {
    Namespace: { Ref: 'Namespace' },
    MetricName: s.metric,
    Dimensions: metricDimensions(s, [GEN_AI_PROVIDER_NAME_VALUE_AWS_BEDROCK]),
    ...stat,
    Period: periodS,
  };
}

/** A Metrics Insights query (evaluates at most the last 3 hours, enough for periods up to an hour). */
function insightsQuery(id: string, query: string, periodS: number, returnData: boolean, label?: string): Record<string, unknown> {
  return { Id: id, Expression: { 'Fn::Sub': query }, Period: periodS, ReturnData: returnData, ...(label ? { Label: label } : {}) };
}

/** The alarms of REFERENCE.md "Health metrics and alarms", keyed by logical id. */
export function alarms(slaMs: number, t: Required<AlarmThresholds>): Record<string, Resource> {
  const alarm = (properties: Record<string, unknown>): Resource => ({ Type: 'AWS::CloudWatch::Alarm', Properties: properties });
  const failed = insights(DURATION_ERRORS, 'COUNT');
  const throttled = insights(DURATION_ERRORS, 'COUNT', `"${ATTR_ERROR_TYPE}" = '${ERROR_TYPE_THROTTLING}'`);
  return {
    DailyCostAlarm: alarm({
      ...base('daily-cost', `Estimated Bedrock spend above $${t.dailyCostUsd} in 24 hours (on-demand prices of known models).`, t.dailyCostUsd, 1, 1),
      ...allModels(COST_ALL, { Statistic: 'Sum' }, 86_400),
    }),
    HourlyCostAlarm: alarm({
      ...base('hourly-cost', `Estimated Bedrock spend above $${t.hourlyCostUsd} in an hour: a runaway loop or a traffic spike.`, t.hourlyCostUsd, 1, 1),
      ...allModels(COST_ALL, { Statistic: 'Sum' }, 3_600),
    }),
    ErrorRateAlarm: alarm({
      ...base('error-rate', `More than ${t.errorRatePercent}% of Bedrock calls failed in two consecutive 5-minute periods.`, t.errorRatePercent, 2, 2),
      Metrics: [
        insightsQuery('failed', failed, 300, false),
        { Id: 'calls', MetricStat: { Metric: { Namespace: { Ref: 'Namespace' }, MetricName: DURATION_ALL.metric, Dimensions: metricDimensions(DURATION_ALL, [GEN_AI_PROVIDER_NAME_VALUE_AWS_BEDROCK]) }, Period: 300, Stat: 'SampleCount' }, ReturnData: false },
        // FILL: a period without failures has no failed series at all, which is a 0% rate, not missing data.
        { Id: 'rate', Expression: '100 * FILL(failed, 0) / calls', Label: 'Bedrock error rate (%)', ReturnData: true },
      ],
    }),
    ThrottlingAlarm: alarm({
      ...base('throttling', `More than ${t.throttlesPerMinute} ThrottlingException per minute for 5 minutes (EP-001: back off, fall back to a cheaper model, ask for a quota increase).`, t.throttlesPerMinute, 5, 5),
      Metrics: [insightsQuery('throttled', throttled, 60, true, 'Throttled calls per minute')],
    }),
    ApiErrorsAlarm: alarm({
      ...base('api-errors', `More than ${t.apiErrorsPer5Min} failed Bedrock calls in 5 minutes, twice in a row.`, t.apiErrorsPer5Min, 2, 2),
      Metrics: [insightsQuery('failed', failed, 300, true, 'Failed calls per 5 minutes')],
    }),
    P99LatencyAlarm: alarm({
      ...base('p99-latency', `p99 Bedrock call duration above the ${slaMs / 1000} s SLA in two consecutive 5-minute periods.`, slaMs / 1000, 2, 2),
      ...allModels(DURATION_ALL, { ExtendedStatistic: 'p99' }, 300),
      // Percentiles exist only when the app exports exponential histograms (EMF Values/Counts); from the
      // statistic sets of explicit-bucket histograms there is no p99, and this alarm must then show
      // INSUFFICIENT_DATA rather than a reassuring OK.
      TreatMissingData: 'missing',
    }),
    AverageLatencyAlarm: alarm({
      ...base('average-latency', `Average Bedrock call duration above ${t.averageLatencyS} s for three 5-minute periods.`, t.averageLatencyS, 3, 3),
      ...allModels(DURATION_ALL, { Statistic: 'Average' }, 300),
    }),
  };
}
