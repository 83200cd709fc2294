import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

let cached: string | undefined;

/**
 * Chart.js's UMD build, read from node_modules so the HTML report works offline (no CDN).
 * The package exports only its module entry, so the UMD file is found next to it.
 */
export function chartJsSource(): string {
  if (cached === undefined) {
    const req = createRequire(__filename);
    const entry = req.resolve('chart.js');
    cached = readFileSync(join(dirname(entry), 'chart.umd.min.js'), 'utf8');
  }
  return cached;
}
