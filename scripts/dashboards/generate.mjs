// Writes collector/cloudformation/kensa-observability.yaml from @kensa/dashboards (built dist/).
// Run through `npm run dashboards`, which builds the package first. A test fails when the checked-in
// file differs from a fresh generation, so commit the output after changing the generator.
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { generateDashboardsTemplate } from '@kensa/dashboards';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
export const TEMPLATE_PATH = resolve(root, 'collector/cloudformation/kensa-observability.yaml');

const outFile = process.argv[2] ? resolve(process.argv[2]) : TEMPLATE_PATH;
await generateDashboardsTemplate({ outFile });
console.log(`wrote ${outFile}`);
