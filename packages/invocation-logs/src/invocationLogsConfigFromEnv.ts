import { diag } from '@opentelemetry/api';
import type { IdentityMode, InvocationLogsConfig } from './types';

/** Environment variables the aggregator reads, all in this one place. */
export const ENV = {
  TABLE: 'KENSA_INVOCATION_LOGS_TABLE',
  NAMESPACE: 'KENSA_INVOCATION_LOGS_NAMESPACE',
  LEASE_MS: 'KENSA_INVOCATION_LOGS_LEASE_MS',
  TTL_DAYS: 'KENSA_INVOCATION_LOGS_TTL_DAYS',
  IDENTITY: 'KENSA_INVOCATION_LOGS_IDENTITY',
  DIMENSIONS: 'KENSA_INVOCATION_LOGS_DIMENSIONS',
  ROLLUPS: 'KENSA_INVOCATION_LOGS_ROLLUPS',
  MAX_LINE_BYTES: 'KENSA_INVOCATION_LOGS_MAX_LINE_BYTES',
  MAX_SERIES: 'KENSA_INVOCATION_LOGS_MAX_SERIES',
} as const;

const warned = new Set<string>();
function warnOnce(key: string, message: string): void {
  if (warned.has(key)) return;
  warned.add(key);
  diag.warn(`@kensa/invocation-logs: ${message}`);
}

function positiveInt(env: NodeJS.ProcessEnv, name: string): number | undefined {
  const raw = env[name];
  if (raw === undefined || raw === '') return undefined;
  const value = Number(raw);
  if (Number.isSafeInteger(value) && value > 0) return value;
  warnOnce(name, `${name}=${raw} is not a positive integer; using the default`);
  return undefined;
}

/** `Key=Value,Key=Value` → record; malformed pairs warn and are dropped. */
function pairs(env: NodeJS.ProcessEnv, name: string): Record<string, string> | undefined {
  const raw = env[name];
  if (raw === undefined || raw === '') return undefined;
  const out: Record<string, string> = {};
  for (const part of raw.split(',')) {
    const eq = part.indexOf('=');
    if (eq <= 0 || eq === part.length - 1) {
      warnOnce(`${name}:${part}`, `${name}: "${part}" is not Key=Value; ignored`);
      continue;
    }
    out[part.slice(0, eq).trim()] = part.slice(eq + 1).trim();
  }
  return out;
}

/** Maps `KENSA_INVOCATION_LOGS_*` onto {@link InvocationLogsConfig}; explicit options win over these. */
export function invocationLogsConfigFromEnv(env: NodeJS.ProcessEnv = process.env): InvocationLogsConfig {
  const config: InvocationLogsConfig = {};
  if (env[ENV.TABLE]) config.ledgerTable = env[ENV.TABLE];
  if (env[ENV.NAMESPACE]) config.namespace = env[ENV.NAMESPACE];
  const lease = positiveInt(env, ENV.LEASE_MS);
  if (lease !== undefined) config.leaseMs = lease;
  const ttl = positiveInt(env, ENV.TTL_DAYS);
  if (ttl !== undefined) config.ledgerTtlDays = ttl;
  const maxLine = positiveInt(env, ENV.MAX_LINE_BYTES);
  if (maxLine !== undefined) config.maxLineBytes = maxLine;
  const maxSeries = positiveInt(env, ENV.MAX_SERIES);
  if (maxSeries !== undefined) config.maxSeries = maxSeries;
  const identity = env[ENV.IDENTITY];
  if (identity !== undefined && identity !== '') {
    if (identity === 'role' || identity === 'arn' || identity === 'none') config.identity = identity as IdentityMode;
    else warnOnce(ENV.IDENTITY, `${ENV.IDENTITY}=${identity} is not role|arn|none; using role`);
  }
  const dims = pairs(env, ENV.DIMENSIONS);
  if (dims !== undefined) config.staticDimensions = dims;
  const rollups = env[ENV.ROLLUPS];
  // `BaseModelId;SourceRegion+InferenceRegion` → [['BaseModelId'], ['SourceRegion','InferenceRegion']]
  if (rollups !== undefined) config.rollups = rollups === '' ? [] : rollups.split(';').map((r) => r.split('+').map((d) => d.trim()).filter(Boolean));
  if (env.AWS_REGION) config.region = env.AWS_REGION;
  return config;
}
