import type { Attributes } from '@opentelemetry/api';
import { ERROR_PATTERN_ID_VALUE_UNKNOWN } from '@kensa/semconv';
import type { ErrorPattern } from '../types';
import { DEFAULT_ERROR_PATTERNS } from './catalogue';

/** What is known about one failure. */
export interface ErrorMatchInput {
  /** `error.type` (an AWS error name, an error class, a status code). */
  errorType?: string;
  /** `exception.type` of the recorded exceptions. */
  exceptionTypes?: string[];
  /** Status description and `exception.message`s. */
  messages?: string[];
  /** Span attributes that say where the call went (`rpc.service`, `gen_ai.provider.name`, `db.system.name`). */
  attributes?: Attributes;
}

export interface ErrorMatch {
  /** Pattern id, or `UNKNOWN`. */
  id: string;
  pattern: ErrorPattern | undefined;
  /** 0..1 */
  confidence: number;
  matchedBy: 'error_code' | 'code_and_message' | 'code_and_context' | 'message' | 'none';
  /** Set when the pattern was marked false positive more often than the threshold (and confidence lowered). */
  falsePositiveMarks?: number;
}

/** Only the start of long messages is scanned, so matching cost does not grow with the error. */
const MAX_MESSAGE_CHARS = 4096;

/**
 * `disputed`: the cap for a pattern users marked false positive more often than the threshold — below
 * `ambiguous`, so a disputed match never reads as more certain than a coin toss between two patterns.
 */
export const CONFIDENCE = Object.freeze({ errorCode: 0.95, weakCode: 0.9, message: 0.85, ambiguous: 0.5, disputed: 0.3 });

/** Default for {@link ErrorPatternConfig.falsePositiveThreshold}: more than 3 marks lowers confidence. */
export const DEFAULT_FALSE_POSITIVE_THRESHOLD = 3;

/**
 * The patterns whose confidence is lowered, with their marks: those marked false positive more than
 * `threshold` times. Shared by the processor and the `kensa` report, so both judge alike.
 */
export function disputedPatterns(marks: Readonly<Record<string, number>> | undefined, threshold = DEFAULT_FALSE_POSITIVE_THRESHOLD): ReadonlyMap<string, number> {
  const disputed = new Map<string, number>();
  for (const [id, n] of Object.entries(marks ?? {})) if (Number.isFinite(n) && n > threshold) disputed.set(id, n);
  return disputed;
}

/**
 * The confidence a disputed pattern's match may claim. Also for a confidence recorded on a span before
 * the pattern was disputed, so `kensa diagnose` does not repeat the old, higher figure.
 */
export function disputedConfidence(confidence: number): number {
  return Math.min(confidence, CONFIDENCE.disputed);
}

/** `match` with its confidence capped at `CONFIDENCE.disputed` when its pattern is disputed. */
export function withFalsePositiveMarks(match: ErrorMatch, disputed: ReadonlyMap<string, number>): ErrorMatch {
  const marks = match.pattern === undefined ? undefined : disputed.get(match.id);
  if (marks === undefined) return match;
  return { ...match, confidence: disputedConfidence(match.confidence), falsePositiveMarks: marks };
}

const UNKNOWN: ErrorMatch = Object.freeze({ id: ERROR_PATTERN_ID_VALUE_UNKNOWN, pattern: undefined, confidence: 0, matchedBy: 'none' });

interface Compiled {
  pattern: ErrorPattern;
  codes: ReadonlySet<string>;
  weak: ReadonlySet<string>;
  keywords: string[];
}

const compiledCache = new WeakMap<readonly ErrorPattern[], Compiled[]>();

function compile(patterns: readonly ErrorPattern[]): Compiled[] {
  let compiled = compiledCache.get(patterns);
  if (compiled === undefined) {
    compiled = patterns.map((pattern) => ({
      pattern,
      codes: new Set(pattern.errorCodes.map((c) => c.toLowerCase())),
      weak: new Set(pattern.weakCodes.map((c) => c.toLowerCase())),
      keywords: pattern.messageKeywords.map((k) => k.toLowerCase()),
    }));
    compiledCache.set(patterns, compiled);
  }
  return compiled;
}

function contextHit(pattern: ErrorPattern, attributes: Attributes | undefined): boolean {
  if (attributes === undefined) return false;
  for (const c of pattern.context) {
    const v = attributes[c.attribute];
    if (v !== undefined && c.equals.includes(String(v))) return true;
  }
  return false;
}

/** Attributes that name the service a call went to (Bedrock, DynamoDB, Redis, OpenSearch, …). */
export const SERVICE_ATTRIBUTES = ['gen_ai.provider.name', 'rpc.service', 'db.system.name', 'db.system'] as const;

function namesService(attributes: Attributes | undefined): boolean {
  return attributes !== undefined && SERVICE_ATTRIBUTES.some((key) => attributes[key] !== undefined);
}

/**
 * Matches a failure against the catalogue. Error codes are compared exactly (ignoring case);
 * keywords are substrings of the messages. A pattern's context (the service the call went to)
 * makes it more specific — AccessDeniedException on a Bedrock call is model access (EP-009)
 * unless its message is about content (EP-005) — and a pattern with a context never explains a call
 * that names another service. When two patterns fit equally well the result
 * keeps the first but with low confidence: a wrong guess must not look certain.
 */
export function matchErrorPattern(
  input: ErrorMatchInput,
  patterns: readonly ErrorPattern[] = DEFAULT_ERROR_PATTERNS,
): ErrorMatch {
  const codes = new Set<string>();
  if (input.errorType) codes.add(input.errorType.toLowerCase());
  for (const t of input.exceptionTypes ?? []) if (t) codes.add(t.toLowerCase());
  let text = '';
  for (const m of input.messages ?? []) {
    if (text.length >= MAX_MESSAGE_CHARS) break;
    if (m) text += ' ' + m.slice(0, MAX_MESSAGE_CHARS - text.length);
  }
  // Codes often appear only inside messages ("index_not_found_exception: no such index").
  for (const c of codes) text += ' ' + c;
  text = text.toLowerCase();
  if (codes.size === 0 && text.trim().length === 0) return UNKNOWN;

  // A pattern written for one service does not explain a failure of another: "Command timed out" on a
  // Redis call is a cache failure, not a Bedrock timeout. Only when the span does not say where the call
  // went (an error text given to `kensa diagnose`, a bare HTTP span) may any pattern's words match.
  const serviceKnown = namesService(input.attributes);
  let best: ErrorMatch = UNKNOWN;
  let bestScore = 0;
  let tie = false;
  for (const c of compile(patterns)) {
    const ctx = contextHit(c.pattern, input.attributes);
    if (!ctx && (c.pattern.contextRequired || (serviceKnown && c.pattern.context.length > 0))) continue;
    let code = false;
    let weak = false;
    for (const x of codes) {
      if (c.codes.has(x)) code = true;
      else if (c.weak.has(x)) weak = true;
    }
    const msg = c.keywords.some((k) => text.includes(k));
    const weakQualified = weak && (msg || ctx);
    if (!code && !msg && !weakQualified) continue;
    const score = (code || weakQualified ? 4 : 0) + (msg ? 1 : 0) + (ctx ? 2 : 0);
    if (score < bestScore) continue;
    if (score === bestScore) {
      tie = true;
      continue;
    }
    bestScore = score;
    tie = false;
    best = {
      id: c.pattern.id,
      pattern: c.pattern,
      confidence: code ? CONFIDENCE.errorCode : weakQualified ? CONFIDENCE.weakCode : CONFIDENCE.message,
      matchedBy: code ? (msg ? 'code_and_message' : 'error_code') : weakQualified ? (msg ? 'code_and_message' : 'code_and_context') : 'message',
    };
  }
  if (tie && best.pattern !== undefined) return { ...best, confidence: CONFIDENCE.ambiguous };
  return best;
}

/** A catalogue entry by id (default catalogue unless one is given). */
export function getErrorPattern(id: string, patterns: readonly ErrorPattern[] = DEFAULT_ERROR_PATTERNS): ErrorPattern | undefined {
  return patterns.find((p) => p.id === id);
}
