import { LatencyDistribution } from './LatencyDistribution';
import { AnomalyDetector, type AnomalyDetectorOptions } from './AnomalyDetector';
import type { BudgetStatusName, ComponentLatency, SpanAnomalyGroup } from './Report';
import type { ComponentBudget } from '@kensa/processors';
import { TopK } from './TopK';


type Example = SpanAnomalyGroup['examples'][number];

/** Latency of one component: its distribution, budget-status counts and the point-anomaly detector. */
export class ComponentStats {
  private readonly dist: LatencyDistribution;
  private readonly detector: AnomalyDetector;
  private readonly examples = new TopK<Example>(5, (e) => e.score);
  private anomalyCount = 0;
  private budget: ComponentBudget | undefined;
  private readonly defaultBudget: ComponentBudget | undefined;
  private readonly statusCounts: Record<BudgetStatusName, number> = { within_budget: 0, warning: 0, exceeded: 0, critical: 0 };

  constructor(readonly component: string, defaultBudget: ComponentBudget | undefined, anomalyOptions: AnomalyDetectorOptions = {}, exactLimit?: number) {
    this.dist = new LatencyDistribution(exactLimit);
    this.defaultBudget = defaultBudget;
    this.budget = defaultBudget;
    this.detector = new AnomalyDetector(anomalyOptions);
  }

  /** A budget the telemetry carries (`kensa.budget.limit_ms`) overrides the default one. */
  setBudgetLimit(budgetLimitMs: number): void {
    if (Number.isFinite(budgetLimitMs) && budgetLimitMs > 0 && this.budget?.budgetMs !== budgetLimitMs) {
      this.budget = scaleBudget(this.defaultBudget, budgetLimitMs);
    }
  }

  /** Records one span's exclusive time. */
  add(valueMs: number, startMs: number, traceId: string): void {
    this.dist.accept(valueMs);
    const status = classify(valueMs, this.budget);
    if (status !== undefined) this.statusCounts[status]++;
    const verdict = this.detector.observe(valueMs);
    if (verdict !== undefined) {
      this.anomalyCount++;
      this.examples.offer({ traceId, startMs, valueMs, thresholdMs: verdict.thresholdMs, rule: verdict.rule, score: verdict.score });
    }
  }

  get count(): number {
    return this.dist.count;
  }

  latency(): ComponentLatency {
    const d = this.dist;
    const p99 = d.quantile(0.99);
    return {
      component: this.component,
      count: d.count,
      budgetMs: this.budget?.budgetMs ?? null,
      p50Ms: d.quantile(0.5),
      p90Ms: d.quantile(0.9),
      p99Ms: p99,
      maxMs: d.maxValue,
      meanMs: d.mean,
      exact: d.isExact,
      p99Status: classify(p99, this.budget) ?? null,
      statusCounts: { ...this.statusCounts },
    };
  }

  anomalies(): SpanAnomalyGroup {
    return { component: this.component, count: this.anomalyCount, examples: this.examples.sorted() };
  }
}

/** Warning above the warning threshold, exceeded at the alarm threshold, critical at the critical one. */
export function classify(ms: number, b: ComponentBudget | undefined): BudgetStatusName | undefined {
  if (b === undefined) return undefined;
  if (ms >= b.criticalMs) return 'critical';
  if (ms >= b.alarmMs) return 'exceeded';
  if (ms > b.warningMs) return 'warning';
  return 'within_budget';
}

/** A budget configured on the span keeps the default's threshold ratios (or REFERENCE's 80%/alarm/150%). */
function scaleBudget(base: ComponentBudget | undefined, budgetMs: number): ComponentBudget {
  if (base === undefined) return { budgetMs, warningMs: budgetMs * 0.8, alarmMs: budgetMs * 1.25, criticalMs: budgetMs * 1.5 };
  const r = budgetMs / base.budgetMs;
  return { budgetMs, warningMs: base.warningMs * r, alarmMs: base.alarmMs * r, criticalMs: base.criticalMs * r };
}
