import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ModelFamily } from '../src/index';

export interface InvokeCase {
  name: string;
  modelId?: string;
  request: Record<string, unknown>;
  response: Record<string, unknown>;
  headers?: Record<string, string>;
  expected: { request: Record<string, unknown>; response: Record<string, unknown> };
}

export interface StreamCase {
  name: string;
  chunks: Record<string, unknown>[];
  contentChunks: boolean[];
  expected: Record<string, unknown>;
}

export interface FamilyFixture {
  file: string;
  family: ModelFamily;
  modelId: string;
  invoke: InvokeCase[];
  stream: StreamCase[];
}

const dir = join(__dirname, 'fixtures');

export function readFixture<T>(name: string): T {
  return JSON.parse(readFileSync(join(dir, name), 'utf8')) as T;
}

/** Every per-family fixture file (all but converse.json). */
export function familyFixtures(): FamilyFixture[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.json') && f !== 'converse.json')
    .map((file) => ({ ...readFixture<Omit<FamilyFixture, 'file'>>(file), file }));
}

const encoder = new TextEncoder();
export const bytes = (v: unknown): Uint8Array => encoder.encode(JSON.stringify(v));
