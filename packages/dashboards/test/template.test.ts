import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { buildCloudFormationTemplate, toYaml } from '../src/index';
import { REPO_ROOT, declaredSets, envDefault, loadTemplate, metricUses, sameSet, sidecarConfig, substitute } from './templateUses';

const CHECKED_IN = resolve(REPO_ROOT, 'collector/cloudformation/kensa-observability.yaml');
const CFN_LINT = resolve(REPO_ROOT, '.cache/venv/bin/cfn-lint');
const fresh = toYaml(buildCloudFormationTemplate());
const template = loadTemplate(fresh);
const scratch = mkdtempSync(join(tmpdir(), 'kensa-dashboards-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe('generated template', () => {
  it('is what is checked in (run `npm run dashboards` after changing the generator)', () => {
    expect(readFileSync(CHECKED_IN, 'utf8')).toBe(fresh);
  });

  it('passes cfn-lint with no errors and no warnings', (ctx) => {
    if (!existsSync(CFN_LINT)) {
      const how = 'cfn-lint is missing: run scripts/dashboards/setup-cfn-lint.sh (installs it into .cache/venv)';
      if (process.env.CI === 'true') throw new Error(how);
      ctx.skip(how);
    }
    const file = join(scratch, 'template.yaml');
    writeFileSync(file, fresh);
    const run = spawnSync(CFN_LINT, ['--format', 'parseable', file], { encoding: 'utf8' });
    expect(run.stdout + run.stderr).toBe('');
    expect(run.status).toBe(0);
  });

  it('cfn-lint would catch a broken template (the lint test can fail)', (ctx) => {
    if (!existsSync(CFN_LINT)) ctx.skip('cfn-lint is missing');
    const broken = buildCloudFormationTemplate() as { Resources: Record<string, { Properties: Record<string, unknown> }> };
    broken.Resources.DailyCostAlarm!.Properties.ComparisonOperator = 'MoreThan';
    const file = join(scratch, 'broken.yaml');
    writeFileSync(file, toYaml(broken));
    const run = spawnSync(CFN_LINT, ['--format', 'parseable', file], { encoding: 'utf8' });
    expect(run.status).not.toBe(0);
    expect(run.stdout).toContain("'MoreThan' is not one of");
  });

  it('reads only metrics and dimension sets the sidecar publishes (metric_declarations)', () => {
    const declared = declaredSets();
    const uses = metricUses(template);
    expect(uses.length).toBeGreaterThan(20);
    for (const use of uses) {
      const ok = declared.some((d) => d.selectors.some((r) => r.test(use.metric)) && d.dimensions.some((set) => sameSet(set, use.dimensions)));
      expect(ok, `${use.where}: ${use.metric} [${use.dimensions.join(', ')}] is not a declared dimension set`).toBe(true);
    }
  });

  it('every widget and alarm reads at least one metric, and every alarm notifies the optional topic', () => {
    const uses = metricUses(template);
    const resources = template.Resources as Record<string, { Type: string; Properties: Record<string, any> }>;
    const alarms = Object.entries(resources).filter(([, r]) => r.Type === 'AWS::CloudWatch::Alarm');
    expect(alarms.map(([id]) => id).sort()).toEqual(
      ['ApiErrorsAlarm', 'AverageLatencyAlarm', 'DailyCostAlarm', 'ErrorRateAlarm', 'HourlyCostAlarm', 'P99LatencyAlarm', 'ThrottlingAlarm'],
    );
    for (const [id, r] of alarms) {
      expect(uses.some((u) => u.where.split('.')[0] === id), id).toBe(true);
      expect(r.Properties.AlarmActions).toEqual({ 'Fn::If': ['HasAlarmTopic', [{ Ref: 'AlarmTopicArn' }], { Ref: 'AWS::NoValue' }] });
    }
    const body = JSON.parse(substitute(resources.Dashboard!.Properties.DashboardBody['Fn::Sub'], { Namespace: 'Kensa/GenAI', 'AWS::Region': 'r' }));
    for (const w of body.widgets) expect(uses.some((u) => u.where === `Dashboard "${w.properties.title}"`), w.properties.title).toBe(true);
  });

  it('alarms on Metrics Insights queries look back no further than the 3 hours such alarms can evaluate', () => {
    const resources = template.Resources as Record<string, { Type: string; Properties: Record<string, any> }>;
    let insightsAlarms = 0;
    for (const [id, r] of Object.entries(resources)) {
      if (r.Type !== 'AWS::CloudWatch::Alarm') continue;
      for (const q of (r.Properties.Metrics ?? []) as Array<Record<string, any>>) {
        const expr = typeof q.Expression === 'string' ? q.Expression : q.Expression?.['Fn::Sub'];
        if (typeof expr !== 'string' || !expr.startsWith('SELECT')) continue;
        insightsAlarms++;
        expect(q.Period * r.Properties.EvaluationPeriods, id).toBeLessThanOrEqual(3 * 3600);
      }
    }
    expect(insightsAlarms).toBeGreaterThan(0);
  });

  it('thresholds are those of REFERENCE.md', () => {
    const p = (id: string) => (template.Resources as Record<string, { Properties: Record<string, any> }>)[id]!.Properties;
    expect(p('DailyCostAlarm')).toMatchObject({ Threshold: 100, Period: 86400, Statistic: 'Sum' });
    expect(p('HourlyCostAlarm')).toMatchObject({ Threshold: 10, Period: 3600, Statistic: 'Sum' });
    expect(p('ErrorRateAlarm')).toMatchObject({ Threshold: 5 });
    expect(p('P99LatencyAlarm')).toMatchObject({ Threshold: 3, ExtendedStatistic: 'p99', TreatMissingData: 'missing' });
    expect(p('ThrottlingAlarm')).toMatchObject({ Threshold: 10, EvaluationPeriods: 5, DatapointsToAlarm: 5 });
    expect(p('ThrottlingAlarm').Metrics[0]).toMatchObject({ Period: 60 });
    expect(p('ApiErrorsAlarm')).toMatchObject({ Threshold: 5, EvaluationPeriods: 2, DatapointsToAlarm: 2 });
    expect(p('ApiErrorsAlarm').Metrics[0]).toMatchObject({ Period: 300 });
    expect(p('AverageLatencyAlarm')).toMatchObject({ Threshold: 5, EvaluationPeriods: 3, Statistic: 'Average' });
  });

  it('options change parameter defaults and thresholds', () => {
    const t = buildCloudFormationTemplate({ namespace: 'Shop/AI', serviceName: 'shop', slaMs: 2000, thresholds: { dailyCostUsd: 250 } }) as Record<string, any>;
    expect(t.Parameters.Namespace.Default).toBe('Shop/AI');
    expect(t.Parameters.ServiceName.Default).toBe('shop');
    expect(t.Resources.DailyCostAlarm.Properties.Threshold).toBe(250);
    expect(t.Resources.HourlyCostAlarm.Properties.Threshold).toBe(10);
    expect(t.Resources.P99LatencyAlarm.Properties.Threshold).toBe(2);
  });

  it('parameter defaults match the collector: awsemf namespace and the GenAI log group', () => {
    const config = sidecarConfig();
    const params = template.Parameters as Record<string, { Default: string }>;
    expect(params.Namespace!.Default).toBe(envDefault(config.exporters.awsemf.namespace));
    expect(params.LogGroupName!.Default).toBe(envDefault(config.exporters.awscloudwatchlogs.log_group_name));
  });

  it('the generate script writes the same template', () => {
    const out = join(scratch, 'out.yaml');
    // The script loads the built package: rebuild when dist/ is missing or older than src/.
    const dist = resolve(__dirname, '../dist/index.mjs');
    const src = resolve(__dirname, '../src');
    const newest = Math.max(...readdirSync(src).map((f) => statSync(join(src, f)).mtimeMs));
    if (!existsSync(dist) || statSync(dist).mtimeMs < newest) execFileSync('npm', ['run', 'build', '-w', 'packages/dashboards'], { cwd: REPO_ROOT });
    execFileSync(process.execPath, [resolve(REPO_ROOT, 'scripts/dashboards/generate.mjs'), out], { cwd: REPO_ROOT });
    expect(readFileSync(out, 'utf8')).toBe(fresh);
  });
});
