import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { InputError } from './InputError';

/** One file to read, with its size so progress can be shown in bytes. */
export interface InputFile {
  readonly path: string;
  readonly bytes: number;
}

const TELEMETRY_FILE = /\.(jsonl|ndjson|json)$/i;

/**
 * Expands the command-line paths into files: a directory contributes its `*.jsonl`/`*.ndjson`/`*.json`
 * files (not recursively, sorted so `traces.jsonl` and rotations are read in a stable order).
 */
export function resolveInputs(paths: readonly string[]): InputFile[] {
  if (paths.length === 0) throw new InputError('no input given: pass a directory (with traces.jsonl) or one or more OTLP/JSON files');
  const files: InputFile[] = [];
  for (const p of paths) {
    let st;
    try {
      st = statSync(p);
    } catch {
      throw new InputError(`input not found: ${p}`);
    }
    if (st.isDirectory()) {
      const names = readdirSync(p).filter((n) => TELEMETRY_FILE.test(n)).sort();
      if (names.length === 0) throw new InputError(`no .jsonl or .json files in directory ${p}`);
      for (const n of names) {
        const full = join(p, n);
        const fst = statSync(full);
        if (fst.isFile()) files.push({ path: full, bytes: fst.size });
      }
    } else if (st.isFile()) {
      files.push({ path: p, bytes: st.size });
    } else {
      throw new InputError(`not a file or directory: ${p}`);
    }
  }
  return files;
}
