import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { ENV_KENSA_CONFIG } from '@kensa/semconv';
import { warnOnce } from '../diagOnce';
import type { KensaProcessorsConfig } from '../types';
import { loadProcessorsConfig } from './loadProcessorsConfig';

/** Config files are small; anything bigger is a mistake (or not ours) and is not parsed. */
const MAX_CONFIG_BYTES = 1_000_000;

/** Reads a Kensa config file (YAML, or JSON, which is YAML too) into the processors' config. */
export function readProcessorsConfigFile(path: string): KensaProcessorsConfig {
  try {
    const text = readFileSync(path, 'utf8');
    if (text.length > MAX_CONFIG_BYTES) {
      warnOnce(`config file ${path} is larger than ${MAX_CONFIG_BYTES} bytes; using the defaults`);
      return {};
    }
    return loadProcessorsConfig(parse(text, { maxAliasCount: 100 }));
  } catch (error) {
    warnOnce(`config file ${path} could not be read (${error instanceof Error ? error.message : String(error)}); using the defaults`);
    return {};
  }
}

/** The processors' config from `KENSA_CONFIG` (a file path), or the defaults when it is unset. */
export function processorsConfigFromEnv(env: Record<string, string | undefined> = process.env): KensaProcessorsConfig {
  const path = env[ENV_KENSA_CONFIG]?.trim();
  return path ? readProcessorsConfigFile(path) : {};
}
