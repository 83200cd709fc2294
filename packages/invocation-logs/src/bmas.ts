/**
 * The error codes our users already alert on (REFERENCE.md, BMAS-001…010), plus the two Kensa adds
 * for its own moving parts. Every failure and every skipped line is logged under one of these.
 */
export const BMAS = {
  OBJECT_NOT_FOUND: 'BMAS-001',
  ACCESS_DENIED: 'BMAS-002',
  INVALID_LOG_FORMAT: 'BMAS-003',
  PUBLISH_FAILED: 'BMAS-004',
  MALFORMED_SQS_MESSAGE: 'BMAS-005',
  NO_INFERENCE_PROFILE: 'BMAS-006',
  INVALID_TOKEN_COUNT: 'BMAS-007',
  REGION_DETECTION_FAILED: 'BMAS-008',
  TOO_MANY_DIMENSIONS: 'BMAS-009',
  MEMORY_LIMIT: 'BMAS-010',
  /** Kensa: the DynamoDB ledger that makes counting idempotent could not be read or written. */
  LEDGER_UNAVAILABLE: 'BMAS-011',
  /** Kensa: the object was already counted (duplicate notification or redelivery) — info only. */
  DUPLICATE_DELIVERY: 'BMAS-012',
} as const;

export type BmasCode = (typeof BMAS)[keyof typeof BMAS];

export type BmasLevel = 'info' | 'warn' | 'error' | 'critical';

/** Severity per code, as the reference runbook grades them. */
export const BMAS_LEVEL: Record<BmasCode, BmasLevel> = {
  'BMAS-001': 'error',
  'BMAS-002': 'critical',
  'BMAS-003': 'warn',
  'BMAS-004': 'error',
  'BMAS-005': 'warn',
  'BMAS-006': 'info',
  'BMAS-007': 'warn',
  'BMAS-008': 'warn',
  'BMAS-009': 'error',
  'BMAS-010': 'critical',
  'BMAS-011': 'error',
  'BMAS-012': 'info',
};

/** A failure that carries its BMAS code, so the handler can log and classify it without guessing. */
export class BmasError extends Error {
  readonly code: BmasCode;
  /** True when trying again later may succeed (throttling, 5xx, lease held by another worker). */
  readonly transient: boolean;
  readonly details: Record<string, unknown>;

  constructor(code: BmasCode, message: string, options: { transient?: boolean; cause?: unknown; details?: Record<string, unknown> } = {}) {
    super(message, { cause: options.cause });
    this.name = 'BmasError';
    this.code = code;
    this.transient = options.transient ?? false;
    this.details = options.details ?? {};
  }
}
