/** Options of {@link buildCloudFormationTemplate}. Every value becomes a template parameter default. */
export interface DashboardsOptions {
  /** Default of the `MetricsNamespace` parameter: the awsemf exporter's `namespace`. Default `Kensa/GenAI`. */
  namespace?: string;
  /** Default of the `GenAiLogGroupName` parameter: the awscloudwatchlogs exporter's log group. Default `/aws/kensa/genai`. */
  logGroupName?: string;
  /** Default of the `ServiceName` parameter (`service.name` of the app). Default `manga-assist`. */
  serviceName?: string;
  /** Default of the optional `AlarmTopicArn` parameter; empty means alarms without actions. Default empty. */
  alarmTopicArn?: string;
  /** End-to-end SLA in milliseconds, the p99 alarm threshold and the slow-request cut-off. Default 3000. */
  slaMs?: number;
  /** Alarm thresholds (REFERENCE.md "Health metrics and alarms"). */
  thresholds?: AlarmThresholds;
}

export interface AlarmThresholds {
  /** USD spent in a day. Default 100. */
  dailyCostUsd?: number;
  /** USD spent in an hour. Default 10. */
  hourlyCostUsd?: number;
  /** Percent of Bedrock calls that fail, over 5 minutes. Default 5. */
  errorRatePercent?: number;
  /** Throttled calls per minute, sustained for 5 minutes. Default 10. */
  throttlesPerMinute?: number;
  /** Failed calls per 5 minutes, in 2 consecutive periods. Default 5. */
  apiErrorsPer5Min?: number;
  /** Average Bedrock call duration in seconds, over 3 periods of 5 minutes. Default 5. */
  averageLatencyS?: number;
}

/** A CloudFormation template as a plain object (serialise with `toYaml` or `JSON.stringify`). */
export type CloudFormationTemplate = Record<string, unknown>;
