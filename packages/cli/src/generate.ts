import { once } from 'node:events';
import { createWriteStream, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { TelemetryGenerator, type GeneratorOptions } from './generate/TelemetryGenerator';

export { TelemetryGenerator, type GeneratorOptions, type GeneratorFaults } from './generate/TelemetryGenerator';

/**
 * Writes generated telemetry to `<dir>/traces.jsonl` (the file exporter's layout), honouring
 * back-pressure so a million requests never sit in memory. Returns what was written.
 */
export async function writeTelemetry(dir: string, options: GeneratorOptions): Promise<{ file: string; lines: number; spans: number; bytes: number }> {
  mkdirSync(dir, { recursive: true });
  const file = join(dir, 'traces.jsonl');
  const out = createWriteStream(file);
  let lines = 0;
  let bytes = 0;
  for (const line of new TelemetryGenerator(options).lines()) {
    lines++;
    bytes += Buffer.byteLength(line) + 1;
    if (!out.write(line + '\n')) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
  return { file, lines, spans: options.requests * 8, bytes };
}
