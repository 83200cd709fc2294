/**
 * Reads back, from a generated template, every CloudWatch metric (name + exact dimension set) its
 * dashboard widgets and alarms use, and every field its saved queries reference. Parsing the rendered
 * strings (not the generator's own tables) is the point: what is checked is what gets deployed.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parse } from 'yaml';

export interface MetricUse {
  metric: string;
  dimensions: string[];
  /** Dimension values the use pins (explicit metrics, alarm dimensions, SEARCH/WHERE filters). */
  values: Record<string, string>;
  where: string;
}

export const REPO_ROOT = resolve(__dirname, '../../..');
export const SIDECAR = resolve(REPO_ROOT, 'collector/sidecar.yaml');
export const NAMESPACE = 'Kensa/GenAI';

type Obj = Record<string, any>;

export function substitute(text: string, vars: Record<string, string>): string {
  return text.replace(/\$\{([^}!]+)\}/g, (m, name: string) => {
    const v = vars[name];
    if (v === undefined) throw new Error(`unresolved Fn::Sub variable ${m}`);
    return v;
  });
}

function unquote(s: string): string {
  return s.trim().replace(/^"(.*)"$/, '$1');
}

const SEARCH = /SEARCH\('\{([^}]*)\}\s+MetricName="([^"]+)"((?:\s+"[^"]+"="[^"]+")*)',\s*'[^']+',\s*\d+\)/;
const INSIGHTS = /^SELECT \w+\("([^"]+)"\) FROM SCHEMA\(([^)]*)\)(?: WHERE (.*))?$/;

function fromSearch(expr: string, where: string): MetricUse | undefined {
  if (!expr.includes('SEARCH(')) return undefined;
  const m = SEARCH.exec(expr);
  if (!m) throw new Error(`${where}: unparsed SEARCH ${expr}`);
  const [ns, ...dims] = m[1]!.split(',').map(unquote);
  if (ns !== NAMESPACE) throw new Error(`${where}: SEARCH in namespace ${ns}`);
  const values: Record<string, string> = {};
  for (const f of m[3]!.matchAll(/"([^"]+)"="([^"]+)"/g)) values[f[1]!] = f[2]!;
  return { metric: m[2]!, dimensions: dims, values, where };
}

function fromInsights(expr: string, where: string): MetricUse | undefined {
  if (!expr.startsWith('SELECT')) return undefined;
  const m = INSIGHTS.exec(expr);
  if (!m) throw new Error(`${where}: unparsed Metrics Insights query ${expr}`);
  const [ns, ...dims] = m[2]!.split(',').map(unquote);
  if (ns !== NAMESPACE) throw new Error(`${where}: query in namespace ${ns}`);
  const values: Record<string, string> = {};
  for (const f of (m[3] ?? '').matchAll(/"([^"]+)"\s*=\s*'([^']+)'/g)) values[f[1]!] = f[2]!;
  return { metric: m[1]!, dimensions: dims, values, where };
}

const VARS = { Namespace: NAMESPACE, 'AWS::Region': 'us-east-1', ServiceName: 'manga-assist' };

export function loadTemplate(yamlText: string): Obj {
  return parse(yamlText) as Obj;
}

export function metricUses(template: Obj): MetricUse[] {
  const uses: MetricUse[] = [];
  const resources = template.Resources as Record<string, Obj>;
  for (const [id, r] of Object.entries(resources)) {
    if (r.Type === 'AWS::CloudWatch::Dashboard') {
      const body = JSON.parse(substitute(r.Properties.DashboardBody['Fn::Sub'], VARS)) as Obj;
      for (const w of body.widgets as Obj[]) {
        for (const row of (w.properties.metrics ?? []) as unknown[][]) {
          const where = `${id} "${w.properties.title}"`;
          const first = row[0];
          if (typeof first === 'object' && first !== null) {
            const expr = String((first as Obj).expression);
            const use = fromSearch(expr, where);
            if (use) uses.push(use);
            else if (expr.includes('SELECT')) throw new Error(`${where}: Metrics Insights in a dashboard is not parsed here: ${expr}`);
            continue;
          }
          const [ns, metric, ...rest] = row as string[];
          if (ns !== NAMESPACE) throw new Error(`${where}: namespace ${ns}`);
          const values: Record<string, string> = {};
          const dims: string[] = [];
          for (let i = 0; i + 1 < rest.length; i += 2) {
            if (typeof rest[i] !== 'string') break;
            dims.push(rest[i]!);
            values[rest[i]!] = String(rest[i + 1]);
          }
          uses.push({ metric: metric!, dimensions: dims, values, where });
        }
      }
    }
    if (r.Type === 'AWS::CloudWatch::Alarm') {
      const p = r.Properties;
      if (p.MetricName) {
        const dims = (p.Dimensions ?? []) as Array<{ Name: string; Value: string }>;
        uses.push({ metric: p.MetricName, dimensions: dims.map((d) => d.Name), values: Object.fromEntries(dims.map((d) => [d.Name, d.Value])), where: id });
      }
      for (const q of (p.Metrics ?? []) as Obj[]) {
        if (q.MetricStat) {
          const m = q.MetricStat.Metric;
          const dims = (m.Dimensions ?? []) as Array<{ Name: string; Value: string }>;
          uses.push({ metric: m.MetricName, dimensions: dims.map((d) => d.Name), values: Object.fromEntries(dims.map((d) => [d.Name, d.Value])), where: `${id}.${q.Id}` });
        } else {
          const expr = typeof q.Expression === 'string' ? q.Expression : substitute(q.Expression['Fn::Sub'], VARS);
          const use = fromInsights(expr, `${id}.${q.Id}`);
          if (use) uses.push(use);
        }
      }
    }
  }
  return uses;
}

/** The `metric_declarations` of the sidecar's awsemf exporter. */
export function declaredSets(): Array<{ selectors: RegExp[]; dimensions: string[][] }> {
  const config = parse(readFileSync(SIDECAR, 'utf8')) as Obj;
  return (config.exporters.awsemf.metric_declarations as Obj[]).map((d) => ({
    selectors: (d.metric_name_selectors as string[]).map((s) => new RegExp(s)),
    dimensions: d.dimensions as string[][],
  }));
}

export function sameSet(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((x) => b.includes(x));
}

/** `${env:NAME:-default}` → default, as the collector resolves it when NAME is unset. */
export function envDefault(value: string): string {
  const m = /^\$\{env:[A-Z_]+:-(.*)\}$/.exec(value);
  return m ? m[1]! : value;
}

export function sidecarConfig(): Obj {
  return parse(readFileSync(SIDECAR, 'utf8')) as Obj;
}

/** Every backticked field and every bare top-level field a saved query reads. */
export function queryFields(template: Obj): Array<{ query: string; fields: string[] }> {
  const out: Array<{ query: string; fields: string[] }> = [];
  for (const [id, r] of Object.entries(template.Resources as Record<string, Obj>)) {
    if (r.Type !== 'AWS::Logs::QueryDefinition') continue;
    const text = substitute(r.Properties.QueryString['Fn::Sub'], VARS);
    const fields = [...text.matchAll(/`((?:[^`]|``)+)`/g)].map((m) => m[1]!.replace(/``/g, '`'));
    if (/\btrace_id\b/.test(text)) fields.push('trace_id');
    out.push({ query: id, fields });
  }
  return out;
}
