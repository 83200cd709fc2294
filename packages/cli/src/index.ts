export { main, type CliIo } from './cli/main';
export { runReport, type RunReportOptions } from './runReport';
export { runDiagnose, parseTraceId, type DiagnoseOptions } from './cli/runDiagnose';
export { ReportBuilder, type ReportBuilderOptions } from './report/ReportBuilder';
export { AnomalyDetector, type AnomalyDetectorOptions, type AnomalyVerdict } from './report/AnomalyDetector';
export { trendTest, type TrendTest } from './report/trend';
export type * from './report/Report';
export { REPORT_SCHEMA_VERSION } from './report/Report';
export type { PatternCatalogue, PatternInfo, PatternMatch } from './report/PatternCatalogue';
export { defaultCatalogue } from './report/defaultCatalogue';
export { renderText } from './render/renderText';
export { renderHtml } from './render/renderHtml';
export { renderDiagnosis, type Diagnosis } from './render/renderDiagnosis';
export { InputError } from './input/InputError';
export { TelemetryGenerator, writeTelemetry, type GeneratorOptions, type GeneratorFaults } from './generate';
/** The JSON Schema of `kensa report --json` (also shipped as `schema/report.schema.json`). */
export { default as reportSchema } from '../schema/report.schema.json';
