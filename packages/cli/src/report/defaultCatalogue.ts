import { buildAssistantQuestion, getErrorPattern, matchErrorPattern, withFalsePositiveMarks, type ErrorPattern } from '@kensa/processors';
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

/**
 * The processors' catalogue (EP-001 … EP-010, or the patterns given). Patterns in `disputed` (marked
 * false positive more than the threshold; see `disputedPatterns`) match with the processors' lowered
 * confidence and are described with their marks.
 */
export function defaultCatalogue(patterns?: readonly ErrorPattern[], disputed: ReadonlyMap<string, number> = new Map()): PatternCatalogue {
  return {
    describe(id) {
      const p = getErrorPattern(id, patterns);
      if (p === undefined) return undefined;
      const marks = disputed.get(id);
      return marks === undefined ? info(p) : { ...info(p), falsePositiveMarks: marks };
    },
    match(input) {
      const m = withFalsePositiveMarks(matchErrorPattern(input, patterns), disputed);
      return m.id === ERROR_PATTERN_ID_VALUE_UNKNOWN ? undefined : { id: m.id, confidence: m.confidence, matchedBy: m.matchedBy };
    },
    question(id, context) {
      const p = getErrorPattern(id, patterns);
      return p === undefined ? undefined : buildAssistantQuestion(p, context);
    },
  };
}
