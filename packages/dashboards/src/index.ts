export {
  buildCloudFormationTemplate,
  DEFAULT_LOG_GROUP,
  DEFAULT_NAMESPACE,
  DEFAULT_SERVICE_NAME,
  DEFAULT_SLA_MS,
  DEFAULT_THRESHOLDS,
} from './buildCloudFormationTemplate';
export { toYaml } from './toYaml';
export { generateDashboardsTemplate } from './generate';
export type { GenerateOptions } from './generate';
export { METRIC_SETS } from './metricSets';
export type { MetricSet } from './metricSets';
export { savedQueries } from './queries';
export type { SavedQuery } from './queries';
export { attributePath } from './logFields';
export type { AlarmThresholds, CloudFormationTemplate, DashboardsOptions } from './types';
