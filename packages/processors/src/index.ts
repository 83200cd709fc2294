export { withRequestContext, withIncomingRequestContext } from './correlation/requestContext';
export type { IncomingHeaders, IncomingRequestOptions } from './correlation/requestContext';
export { CorrelationSpanProcessor } from './correlation/CorrelationSpanProcessor';
export { CorrelationLogRecordProcessor } from './correlation/CorrelationLogRecordProcessor';
export { DEFAULT_CORRELATION_KEYS } from './correlation/correlationConfig';
export { TRUSTED_BAGGAGE_METADATA } from './correlation/trustedBaggage';

export { LatencyBudgetProcessor, budgetStatus } from './latency/LatencyBudgetProcessor';
export type { LatencyBudgetProcessorOptions } from './latency/LatencyBudgetProcessor';
export { DEFAULT_BUDGETS, DEFAULT_COMPONENT_RULES, DEFAULT_SLA_MS } from './latency/budgetDefaults';

export { ContextBudgetProcessor, DEFAULT_CONTEXT_BUDGET, contextStatus } from './context/ContextBudgetProcessor';
export type { ContextBudgetProcessorOptions } from './context/ContextBudgetProcessor';
export { estimateTokens, japaneseShare } from './context/estimateTokens';

export { ErrorPatternProcessor } from './errors/ErrorPatternProcessor';
export type { ErrorPatternProcessorOptions } from './errors/ErrorPatternProcessor';
export { DEFAULT_ERROR_PATTERNS } from './errors/catalogue';
export {
  matchErrorPattern,
  getErrorPattern,
  disputedPatterns,
  disputedConfidence,
  withFalsePositiveMarks,
  CONFIDENCE,
  DEFAULT_FALSE_POSITIVE_THRESHOLD,
} from './errors/matchErrorPattern';
export type { ErrorMatch, ErrorMatchInput } from './errors/matchErrorPattern';
export { buildAssistantQuestion } from './errors/buildAssistantQuestion';
export type { AssistantQuestionContext } from './errors/buildAssistantQuestion';
export type { Trend } from './errors/ErrorTrend';

export { loadProcessorsConfig, readProcessorsConfig } from './config/loadProcessorsConfig';
export type { LoadedProcessorsConfig } from './config/loadProcessorsConfig';
export { processorsConfigFromEnv, readProcessorsConfigFile } from './config/processorsConfigFromEnv';

export { createKensaSpanProcessors, createKensaLogRecordProcessors } from './createKensaProcessors';

export type {
  ComponentBudget,
  ComponentRule,
  ContextBudgetConfig,
  CorrelationConfig,
  ErrorPattern,
  ErrorPatternConfig,
  KensaProcessorsConfig,
  LatencyBudgetConfig,
  RequestContext,
} from './types';
