import { mkdir, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { buildCloudFormationTemplate } from './buildCloudFormationTemplate';
import { toYaml } from './toYaml';
import type { DashboardsOptions } from './types';

export interface GenerateOptions extends DashboardsOptions {
  /** Where to write the YAML template. */
  outFile: string;
}

/** Writes the template (what `npm run dashboards` and `kensa dashboards` run); returns the YAML. */
export async function generateDashboardsTemplate(options: GenerateOptions): Promise<string> {
  const { outFile, ...rest } = options;
  const yaml = toYaml(buildCloudFormationTemplate(rest));
  await mkdir(dirname(outFile), { recursive: true });
  await writeFile(outFile, yaml);
  return yaml;
}
