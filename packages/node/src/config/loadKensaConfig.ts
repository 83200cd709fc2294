import { readFileSync } from 'node:fs';
import { extname } from 'node:path';
import { parse } from 'yaml';

export type KensaConfigLoad = { config: Record<string, unknown> | undefined; warning?: string };

/**
 * Loads the Kensa config file (budgets, prices, patterns). YAML is a superset of JSON, so one
 * parser reads both. Never throws: a missing, unreadable or malformed file yields `config:
 * undefined` and a warning naming the file and the problem, and the caller runs on defaults.
 *
 * Synchronous on purpose: it runs once at start-up, before the app's first request, and the
 * processors need their budgets before the first span ends.
 */
export function loadKensaConfig(path: string): KensaConfigLoad {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'file not found' : `cannot read it (${code ?? (err as Error).message})`;
    return { config: undefined, warning: `kensa: ignoring config file ${path}: ${why}; using defaults` };
  }
  let parsed: unknown;
  try {
    // JSON files are parsed strictly so a trailing comma is reported rather than read as YAML.
    parsed = extname(path).toLowerCase() === '.json' ? JSON.parse(text) : parse(text, { prettyErrors: true });
  } catch (err) {
    const message = ((err as Error).message ?? String(err)).split('\n')[0];
    return { config: undefined, warning: `kensa: ignoring config file ${path}: malformed (${message}); using defaults` };
  }
  if (parsed === null || parsed === undefined) return { config: {} };
  if (typeof parsed !== 'object' || Array.isArray(parsed)) {
    return { config: undefined, warning: `kensa: ignoring config file ${path}: expected a mapping at the top level; using defaults` };
  }
  return { config: parsed as Record<string, unknown> };
}
