import type { ErrorPattern } from '../types';

/** Facts about the failed call to put into the question. All optional. */
export interface AssistantQuestionContext {
  spanName?: string;
  errorType?: string;
  /** The error message (not prompt text). Trimmed to 300 characters. */
  errorMessage?: string;
  service?: string;
  operation?: string;
  model?: string;
  region?: string;
  traceId?: string;
  durationMs?: number;
  /** How often this pattern was seen recently, and its trend. */
  recentCount?: number;
  trend?: 'increasing' | 'stable' | 'decreasing';
}

const MAX_MESSAGE = 300;

/**
 * A ready-to-paste question for an AI assistant (Amazon Q Developer, …): the failure in the
 * span's own terms, what Kensa matched it to, and what to ask. Holds no prompt or response text.
 */
export function buildAssistantQuestion(pattern: ErrorPattern, context: AssistantQuestionContext = {}): string {
  const where: string[] = [];
  if (context.service) where.push(context.operation ? `${context.service}.${context.operation}` : context.service);
  else if (context.operation) where.push(context.operation);
  if (context.model) where.push(`model ${context.model}`);
  if (context.region) where.push(`region ${context.region}`);
  const error = context.errorType ?? pattern.errorCodes[0] ?? pattern.name;
  const message = context.errorMessage
    ? ` with the message "${context.errorMessage.length > MAX_MESSAGE ? `${context.errorMessage.slice(0, MAX_MESSAGE)}…` : context.errorMessage}"`
    : '';
  const lines = [
    `I run a Node.js generative-AI chatbot on AWS (ECS orchestrator, ElastiCache Redis, DynamoDB sessions, OpenSearch vector search, Amazon Bedrock, API Gateway WebSocket).`,
    `A call${context.spanName ? ` in "${context.spanName}"` : ''}${where.length ? ` (${where.join(', ')})` : ''} failed with ${error}${message}` +
      `${context.durationMs !== undefined ? ` after ${Math.round(context.durationMs)} ms` : ''}` +
      `${context.traceId ? ` (trace ${context.traceId})` : ''}.`,
    `Our telemetry classifies it as ${pattern.id} "${pattern.name}" (category ${pattern.category}, ${pattern.transient ? 'transient' : 'not transient'}, severity ${pattern.severity}).` +
      (context.recentCount !== undefined ? ` It happened ${context.recentCount} times recently${context.trend ? ` and is ${context.trend}` : ''}.` : ''),
  ];
  if (pattern.rootCause) lines.push(`Suspected root cause: ${pattern.rootCause}`);
  lines.push('Planned remediation:', ...pattern.remediationSteps.map((s, i) => `${i + 1}. ${s}`));
  lines.push(
    `How do I confirm the root cause for this case, and what exact AWS configuration or code changes (with Node.js AWS SDK v3 examples) should I make first?`,
  );
  return lines.join('\n');
}
