import { readFileSync } from 'node:fs';
import { parse, stringify } from 'yaml';

export type ConfigMap = Record<string, unknown>;

function isMap(value: unknown): value is ConfigMap {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The collector's merge of several --config files: maps merge key by key, anything else is replaced. */
export function mergeConfigs(...configs: ConfigMap[]): ConfigMap {
  const merged: ConfigMap = {};
  for (const config of configs) {
    for (const [key, value] of Object.entries(config)) {
      const previous = merged[key];
      merged[key] = isMap(previous) && isMap(value) ? mergeConfigs(previous, value) : structuredClone(value);
    }
  }
  return merged;
}

/** Reads and merges config files the way `--config a.yaml --config b.yaml` does. */
export function loadCollectorConfig(...paths: string[]): ConfigMap {
  return mergeConfigs(...paths.map((p) => (parse(readFileSync(p, 'utf8')) ?? {}) as ConfigMap));
}

/** YAML for `startCollector({ config: { yaml } })`; `${env:…}` references are kept for the collector. */
export function toYaml(config: ConfigMap): string {
  return stringify(config, { lineWidth: 0 });
}

/** `config[a][b]…` as a map, created when missing. */
export function section(config: ConfigMap, ...path: string[]): ConfigMap {
  let node = config;
  for (const key of path) {
    const next = node[key];
    if (isMap(next)) {
      node = next;
    } else {
      const created: ConfigMap = {};
      node[key] = created;
      node = created;
    }
  }
  return node;
}

/**
 * Replaces exporter `from` by exporter `to` (its id and settings) in the exporters section and in every
 * pipeline. For tests that must run a config whose production exporter is not in the test collector.
 */
export function replaceExporter(config: ConfigMap, from: string, to: string, settings: ConfigMap): ConfigMap {
  const exporters = section(config, 'exporters');
  delete exporters[from];
  exporters[to] = settings;
  for (const pipeline of Object.values(section(config, 'service', 'pipelines'))) {
    if (!isMap(pipeline) || !Array.isArray(pipeline.exporters)) continue;
    pipeline.exporters = pipeline.exporters.map((id: unknown) => (id === from ? to : id));
  }
  return config;
}

/** Removes whole pipelines (and nothing else): e.g. the metrics and logs pipelines of a traces-only test. */
export function removePipelines(config: ConfigMap, ...names: string[]): ConfigMap {
  const pipelines = section(config, 'service', 'pipelines');
  for (const name of names) delete pipelines[name];
  return config;
}

/** Removes exporters that no pipeline uses any more. */
export function removeUnusedExporters(config: ConfigMap): ConfigMap {
  const used = new Set<unknown>();
  for (const pipeline of Object.values(section(config, 'service', 'pipelines'))) {
    if (isMap(pipeline) && Array.isArray(pipeline.exporters)) for (const id of pipeline.exporters) used.add(id);
  }
  const exporters = section(config, 'exporters');
  for (const id of Object.keys(exporters)) if (!used.has(id)) delete exporters[id];
  return config;
}
