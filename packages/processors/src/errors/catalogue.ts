import data from '../../data/error-patterns.json';
import { warnOnce } from '../diagOnce';
import type { ErrorPattern } from '../types';

/** Longest keyword or code accepted from a catalogue: matching stays a cheap substring test. */
export const MAX_KEYWORD_LENGTH = 200;
/** Most keywords or codes accepted per list. */
export const MAX_KEYWORDS = 50;

const SEVERITIES = ['low', 'medium', 'high', 'critical'] as const;

/**
 * Reads one catalogue entry in the file format (snake_case). Returns the pattern, or a list of
 * problems naming the offending key. Keywords are matched as plain case-insensitive text, so no
 * user input is ever compiled into a regular expression.
 */
export function patternFromRaw(raw: unknown, where: string): { pattern?: ErrorPattern; problems: string[] } {
  const problems: string[] = [];
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
    return { problems: [`${where} must be an object`] };
  }
  const r = raw as Record<string, unknown>;
  const str = (key: string, required: boolean): string => {
    const v = r[key];
    if (typeof v === 'string' && v.length > 0) return v;
    if (v !== undefined || required) problems.push(`${where}.${key} must be a non-empty string`);
    return '';
  };
  const list = (key: string): string[] => {
    const v = r[key];
    if (v === undefined) return [];
    if (!Array.isArray(v) || !v.every((x) => typeof x === 'string' && x.length > 0)) {
      problems.push(`${where}.${key} must be a list of non-empty strings`);
      return [];
    }
    if (v.length > MAX_KEYWORDS) problems.push(`${where}.${key} has more than ${MAX_KEYWORDS} entries`);
    for (const s of v as string[]) {
      if (s.length > MAX_KEYWORD_LENGTH) problems.push(`${where}.${key} has an entry longer than ${MAX_KEYWORD_LENGTH} characters`);
    }
    return v as string[];
  };
  const id = str('id', true);
  const name = str('name', true);
  const category = str('category', true);
  const transient = r['transient'];
  if (typeof transient !== 'boolean') problems.push(`${where}.transient must be true or false`);
  const severity = r['severity'] ?? 'medium';
  if (!SEVERITIES.includes(severity as (typeof SEVERITIES)[number])) {
    problems.push(`${where}.severity must be one of ${SEVERITIES.join(', ')}`);
  }
  const errorCodes = list('error_codes');
  const weakCodes = list('weak_codes');
  const messageKeywords = list('message_keywords');
  if (errorCodes.length + weakCodes.length + messageKeywords.length === 0) {
    problems.push(`${where} needs at least one of error_codes, weak_codes, message_keywords`);
  }
  const context: ErrorPattern['context'] = [];
  const rawContext = r['context'];
  if (rawContext !== undefined) {
    if (!Array.isArray(rawContext)) problems.push(`${where}.context must be a list of { attribute, equals }`);
    else
      rawContext.forEach((c, i) => {
        const cc = c as { attribute?: unknown; equals?: unknown } | null;
        if (
          typeof cc?.attribute !== 'string' ||
          !Array.isArray(cc.equals) ||
          !cc.equals.every((x) => typeof x === 'string')
        ) {
          problems.push(`${where}.context[${i}] must be { attribute: string, equals: string[] }`);
        } else context.push({ attribute: cc.attribute, equals: cc.equals as string[] });
      });
  }
  const contextRequired = r['context_required'] === true;
  if (contextRequired && context.length === 0) problems.push(`${where}.context_required needs a context list`);
  const remediation = str('remediation', true);
  const steps = list('remediation_steps');
  if (problems.length > 0) return { problems };
  return {
    problems,
    pattern: {
      id,
      name,
      category,
      transient: transient as boolean,
      severity: severity as ErrorPattern['severity'],
      errorCodes,
      weakCodes,
      messageKeywords,
      context,
      contextRequired,
      rootCause: str('root_cause', false),
      impact: str('impact', false),
      remediation,
      remediationSteps: steps.length > 0 ? steps : [remediation],
    },
  };
}

function loadDefaults(): readonly ErrorPattern[] {
  const patterns: ErrorPattern[] = [];
  data.patterns.forEach((raw, i) => {
    const { pattern, problems } = patternFromRaw(raw, `error-patterns.json patterns[${i}]`);
    // The shipped catalogue is covered by tests; still, a broken entry must not stop the app.
    if (pattern === undefined) warnOnce(problems.join('; '));
    else patterns.push(Object.freeze(pattern));
  });
  return Object.freeze(patterns);
}

/** The shipped catalogue EP-001 … EP-010 (`data/error-patterns.json`). */
export const DEFAULT_ERROR_PATTERNS: readonly ErrorPattern[] = loadDefaults();

/** User patterns first (same id replaces the default), then the remaining defaults. */
export function mergePatterns(user: readonly ErrorPattern[] | undefined): ErrorPattern[] {
  if (!user || user.length === 0) return [...DEFAULT_ERROR_PATTERNS];
  const ids = new Set(user.map((p) => p.id));
  return [...user, ...DEFAULT_ERROR_PATTERNS.filter((p) => !ids.has(p.id))];
}
