import { buildAssistantQuestion, getErrorPattern, matchErrorPattern, type ErrorPattern } from '@kensa/processors';
import { ERROR_PATTERN_ID_VALUE_UNKNOWN } from '@kensa/semconv';
import type { PatternCatalogue, PatternInfo } from './PatternCatalogue';

function info(p: ErrorPattern): PatternInfo {
  return {
    id: p.id,
    name: p.name,
    category: p.category,
    severity: p.severity,
    transient: p.transient,
    rootCause: p.rootCause,
    impact: p.impact,
    remediation: [...p.remediationSteps],
  };
}

/** The processors' catalogue (EP-001 … EP-010, or the patterns given). */
export function defaultCatalogue(patterns?: readonly ErrorPattern[]): PatternCatalogue {
  return {
    describe(id) {
      const p = getErrorPattern(id, patterns);
      return p === undefined ? undefined : info(p);
    },
    match(input) {
      const m = matchErrorPattern(input, patterns);
      return m.id === ERROR_PATTERN_ID_VALUE_UNKNOWN ? undefined : { id: m.id, confidence: m.confidence, matchedBy: m.matchedBy };
    },
    question(id, context) {
      const p = getErrorPattern(id, patterns);
      return p === undefined ? undefined : buildAssistantQuestion(p, context);
    },
  };
}
