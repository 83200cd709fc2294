import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** Per-family bodies from @kensa/bedrock's fixtures (AWS-documented shapes), replayed through the server. */
const DIR = join(__dirname, '../../bedrock/test/fixtures');

export interface InvokeCase {
  name: string;
  modelId?: string;
  request: unknown;
  response: unknown;
  headers?: Record<string, string>;
  expected?: { response?: { finishReasons?: string[]; usage?: Record<string, number>; id?: string } };
}
export interface StreamCase {
  name: string;
  modelId?: string;
  request?: unknown;
  chunks: unknown[];
  contentChunks?: boolean[];
  expected?: { finishReasons?: string[]; usage?: Record<string, number> };
}
export interface FamilyFixture {
  file: string;
  family: string;
  modelId: string;
  invoke: InvokeCase[];
  stream?: StreamCase[];
}
export interface ConverseFixture {
  converse: Array<{ name: string; input: Record<string, unknown>; output: Record<string, unknown> }>;
  converseStream: Array<{ name: string; input?: Record<string, unknown>; events: Array<Record<string, unknown>>; contentEvents?: boolean[]; expected?: unknown }>;
}

export const families: FamilyFixture[] = readdirSync(DIR)
  .filter((f) => f.endsWith('.json') && f !== 'converse.json')
  .map((file) => ({ file, ...(JSON.parse(readFileSync(join(DIR, file), 'utf8')) as Omit<FamilyFixture, 'file'>) }));

export const converse = JSON.parse(readFileSync(join(DIR, 'converse.json'), 'utf8')) as ConverseFixture;

/** Total input tokens as the spec counts them (non-cached + cache read + cache write). */
export function totalInput(usage: Record<string, number> | undefined): number | undefined {
  if (!usage) return undefined;
  const { inputTokens, cacheReadInputTokens, cacheWriteInputTokens } = usage;
  if (inputTokens === undefined && cacheReadInputTokens === undefined && cacheWriteInputTokens === undefined) return undefined;
  return (inputTokens ?? 0) + (cacheReadInputTokens ?? 0) + (cacheWriteInputTokens ?? 0);
}
