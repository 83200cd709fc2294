import type { AssistantQuestionContext, ErrorMatchInput } from '@kensa/processors';

/** What the report and `diagnose` know about one error pattern. */
export interface PatternInfo {
  id: string;
  name: string;
  category: string;
  severity: string;
  transient: boolean;
  rootCause: string;
  impact: string;
  remediation: string[];
  /** How often users marked it false positive, when that lowered its confidence. */
  falsePositiveMarks?: number;
}

export interface PatternMatch {
  id: string;
  confidence: number;
  matchedBy: string;
}

/**
 * The error-pattern catalogue as the CLI needs it. Backed by `@kensa/processors` (the same catalogue
 * the processors tag spans with); spans that already carry `kensa.error.pattern.*` need only `describe`.
 */
export interface PatternCatalogue {
  describe(id: string): PatternInfo | undefined;
  match(input: ErrorMatchInput): PatternMatch | undefined;
  /** A question for an AI assistant, filled with the pattern and the trace's context. */
  question(id: string, context: AssistantQuestionContext): string | undefined;
}
