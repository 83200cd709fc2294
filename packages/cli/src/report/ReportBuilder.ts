import type { ReadStats } from '../input/ReadStats';
import type { SpanRecord } from '../input/SpanRecord';
import type { AnomalyDetectorOptions } from './AnomalyDetector';
import { ComponentStats } from './ComponentStats';
import { CostTable } from './CostTable';
import { ErrorStats } from './ErrorStats';
import type { PatternCatalogue } from './PatternCatalogue';
import { DEFAULT_REPORT_CONFIG, type ReportConfig } from './ReportConfig';
import {
  REPORT_SCHEMA_VERSION,
  type BottleneckShare,
  type ContextExample,
  type Report,
  type SlowTrace,
} from './Report';
import { Timeline } from './Timeline';
import { TopK } from './TopK';
import { TraceAssembler, type FinishedTrace } from './TraceAssembler';
import { diagnose } from './diagnose';
import { slowTrace } from './slowTrace';
import { windowStatistics } from './windowStatistics';

export interface ReportBuilderOptions {
  /** Time-window width for the timeline, trends and window anomalies (default 5 minutes). */
  windowMs?: number;
  /** Windows kept before they coarsen (default 576: two days of 5-minute windows). */
  maxWindows?: number;
  /** Slowest traces kept with their waterfall (default 10). */
  slowTraces?: number;
  /** Sessions listed by cost (default 10). */
  topSessions?: number;
  /** Sessions tracked exactly before the table keeps only heavy hitters (default 10,000). */
  sessionCapacity?: number;
  /** Traces held open while their spans arrive (default 5000). */
  maxPendingTraces?: number;
  anomaly?: AnomalyDetectorOptions;
  /** Samples a window needs before its p99 takes part in trend and window-anomaly tests (default 10). */
  minWindowSamples?: number;
  catalogue?: PatternCatalogue;
  /** Samples per component kept for exact percentiles before the sketch takes over (default 65,536). */
  exactLimit?: number;
  /** Budgets, SLA and component order (default: the processors' defaults). */
  config?: ReportConfig;
}

/** Consumes spans one at a time and builds the {@link Report}; memory is bounded by its options. */
export class ReportBuilder {
  private readonly assembler: TraceAssembler;
  private readonly timeline: Timeline;
  private readonly components = new Map<string, ComponentStats>();
  private readonly budgetLimits = new Map<string, number>();
  private readonly errors: ErrorStats;
  private readonly byModel = new CostTable();
  private readonly byOperation = new CostTable();
  private readonly bySession: CostTable;
  private readonly slow: TopK<SlowTrace>;
  private readonly contextExamples = new TopK<ContextExample>(10, (e) => e.utilization);
  private readonly slowTime = new Map<string, number>();
  private readonly allTime = new Map<string, number>();
  private readonly bottleneckCounts = new Map<string, number>();
  private readonly largestSections = new Map<string, number>();
  private readonly config: ReportConfig;
  private slaTarget: number;
  private requests = 0;
  private met = 0;
  private startMs = Infinity;
  private endMs = -Infinity;
  private cost = { calls: 0, usd: 0, input: 0, output: 0, cacheRead: 0, cacheWrite: 0, contentFiltered: 0 };
  private context = { checked: 0, warning: 0, critical: 0, max: -Infinity };
  private retrieval = { searches: 0, low: 0, scoreSum: 0, scored: 0, worst: Infinity };

  constructor(private readonly options: ReportBuilderOptions = {}) {
    this.config = options.config ?? DEFAULT_REPORT_CONFIG;
    this.slaTarget = this.config.slaMs;
    this.assembler = new TraceAssembler({
      onFinish: (t) => this.finishTrace(t),
      ...(options.maxPendingTraces !== undefined ? { maxPending: options.maxPendingTraces } : {}),
    });
    this.timeline = new Timeline(options.windowMs ?? 5 * 60_000, options.maxWindows ?? 576);
    this.errors = new ErrorStats(options.catalogue);
    this.bySession = new CostTable(options.sessionCapacity ?? 10_000);
    this.slow = new TopK(options.slowTraces ?? 10, (t) => t.durationMs);
  }

  /** Feeds one span (the record is reused by the reader: nothing here keeps a reference to it). */
  addSpan(s: SpanRecord): void {
    if (s.startMs < this.startMs) this.startMs = s.startMs;
    const end = s.startMs + s.durationMs;
    if (end > this.endMs) this.endMs = end;
    if (s.component !== undefined && Number.isFinite(s.budgetLimitMs)) this.budgetLimits.set(s.component, s.budgetLimitMs);
    this.assembler.add(s);
    if (s.isError) this.timeline.error(s.startMs, this.errors.add(s));
    if (s.operation !== undefined || Number.isFinite(s.costUsd) || Number.isFinite(s.inputTokens)) this.addCost(s);
    if (s.contextStatus !== undefined || Number.isFinite(s.contextUtilization)) this.addContext(s);
    if (Number.isFinite(s.retrievalScoreMax) || s.retrievalLowRelevance !== undefined) this.addRetrieval(s);
  }

  build(stats: ReadStats, files: string[]): Report {
    this.assembler.flush();
    const components = this.orderedComponents();
    const slowTotal = sum(this.slowTime.values());
    const allTotal = sum(this.allTime.values());
    const names = new Set([...components.map((c) => c.component), ...this.bottleneckCounts.keys()]);
    const byComponent: BottleneckShare[] = [...names]
      .map((component) => ({
        component,
        slowTraces: this.bottleneckCounts.get(component) ?? 0,
        shareOfSlowTime: slowTotal > 0 ? (this.slowTime.get(component) ?? 0) / slowTotal : 0,
      }))
      .sort((a, b) => b.shareOfSlowTime - a.shareOfSlowTime || b.slowTraces - a.slowTraces || a.component.localeCompare(b.component));
    let overall: BottleneckShare | null = byComponent[0] ?? null;
    if (slowTotal === 0 && allTotal > 0) {
      // No request missed the SLA: name where the time goes anyway.
      const [top] = [...this.allTime.entries()].sort((a, b) => b[1] - a[1]);
      overall = top === undefined ? null : { component: top[0], slowTraces: 0, shareOfSlowTime: 0 };
    }
    const windows = this.timeline.windows();
    const rawWindows = this.timeline.raw();
    const { windowAnomalies, trends } = windowStatistics(windows, this.orderedComponents().map((c) => c.component), this.timeline.widthMs, this.options.minWindowSamples ?? 10);
    const report: Omit<Report, 'diagnosis'> = {
      schemaVersion: REPORT_SCHEMA_VERSION,
      generatedAt: new Date().toISOString(),
      input: {
        files,
        bytes: stats.bytes,
        lines: stats.lines,
        traceLines: stats.traceLines,
        metricLines: stats.metricLines,
        logLines: stats.logLines,
        spans: stats.spans,
        traces: this.requests,
        metricDataPoints: stats.metricDataPoints,
        logRecords: stats.logRecords,
        skippedLines: stats.skippedLines,
        startMs: Number.isFinite(this.startMs) ? this.startMs : null,
        endMs: Number.isFinite(this.endMs) ? this.endMs : null,
      },
      sla: {
        targetMs: this.slaTarget,
        requests: this.requests,
        met: this.met,
        violated: this.requests - this.met,
        compliance: this.requests > 0 ? this.met / this.requests : null,
      },
      components: components.map((c) => c.latency()),
      bottleneck: { overall, byComponent, slowTraces: this.slow.sorted() },
      anomalies: {
        method:
          'spans: above mean+2σ or median+3.5·1.4826·MAD of the previous 100 samples of the component (≥10); ' +
          'windows: p99 above median+3.5 robust σ of all windows; trends: Mann–Kendall (z>1.96) with Theil–Sen slope on window p99',
        spans: components.map((c) => c.anomalies()).filter((a) => a.count > 0),
        windows: windowAnomalies,
        trends,
      },
      errors: this.errors.section((id) =>
        rawWindows.filter((w) => w.value.requests > 0).map((w) => (w.value.errors.get(id) ?? 0) / w.value.requests),
      ),
      cost: {
        calls: this.cost.calls,
        totalUsd: this.cost.usd,
        inputTokens: this.cost.input,
        outputTokens: this.cost.output,
        cacheReadTokens: this.cost.cacheRead,
        cacheWriteTokens: this.cost.cacheWrite,
        byModel: this.byModel.top(),
        byOperation: this.byOperation.top(),
        topSessions: this.bySession.top(this.options.topSessions ?? 10),
        sessionsApproximate: this.bySession.approximate,
        contentFilteredCalls: this.cost.contentFiltered,
      },
      context: {
        checked: this.context.checked,
        warning: this.context.warning,
        critical: this.context.critical,
        maxUtilization: Number.isFinite(this.context.max) ? this.context.max : null,
        largestSections: Object.fromEntries([...this.largestSections.entries()].sort((a, b) => b[1] - a[1])),
        examples: this.contextExamples.sorted(),
      },
      retrieval: {
        searches: this.retrieval.searches,
        lowRelevance: this.retrieval.low,
        meanScore: this.retrieval.scored > 0 ? this.retrieval.scoreSum / this.retrieval.scored : null,
        worstMaxScore: Number.isFinite(this.retrieval.worst) ? this.retrieval.worst : null,
      },
      timeline: { windowMs: this.timeline.widthMs, windows },
    };
    const { schemaVersion, generatedAt, ...sections } = report;
    return { schemaVersion, generatedAt, diagnosis: diagnose(report, this.options.catalogue), ...sections };
  }

  private finishTrace(t: FinishedTrace): void {
    for (const s of t.spans) {
      if (s.component === undefined) continue;
      this.componentStats(s.component).add(s.exclusiveMs, s.startMs, t.traceId);
      this.timeline.latency(s.startMs, s.component, s.exclusiveMs);
    }
    const root = t.root;
    if (root === undefined) return;
    this.requests++;
    if (Number.isFinite(root.slaTargetMs) && root.slaTargetMs > 0) this.slaTarget = root.slaTargetMs;
    const target = Number.isFinite(root.slaTargetMs) && root.slaTargetMs > 0 ? root.slaTargetMs : this.config.slaMs;
    const met = root.slaMet ?? root.durationMs <= target;
    if (met) this.met++;
    this.timeline.request(root.startMs, root.durationMs, met);
    // The trace's own spans decide when we have them; the processors' root attributes are the
    // fallback for traces exported without their children.
    let bottleneck: string | undefined;
    let best = -1;
    if (t.spans.length > 1) {
      for (const [c, ms] of t.breakdown) {
        if (ms > best) {
          best = ms;
          bottleneck = c;
        }
      }
    }
    let share = bottleneck !== undefined && root.durationMs > 0 ? best / root.durationMs : NaN;
    if (bottleneck === undefined && root.bottleneckComponent !== undefined) {
      bottleneck = root.bottleneckComponent;
      share = root.bottleneckShare;
    }
    // A root without its children says nothing about where the time went inside it.
    const informative = t.spans.length > 1;
    if (informative) for (const [c, ms] of t.breakdown) this.allTime.set(c, (this.allTime.get(c) ?? 0) + ms);
    if (!met) {
      if (informative) for (const [c, ms] of t.breakdown) this.slowTime.set(c, (this.slowTime.get(c) ?? 0) + ms);
      if (bottleneck !== undefined) this.bottleneckCounts.set(bottleneck, (this.bottleneckCounts.get(bottleneck) ?? 0) + 1);
    }
    if (this.slow.wouldKeep(root.durationMs)) this.slow.offer(slowTrace(t, root, met, bottleneck, share));
  }

  private componentStats(component: string): ComponentStats {
    let c = this.components.get(component);
    if (c === undefined) {
      c = new ComponentStats(component, this.config.budgets[component], this.options.anomaly, this.options.exactLimit);
      this.components.set(component, c);
    }
    const limit = this.budgetLimits.get(component);
    if (limit !== undefined) c.setBudgetLimit(limit);
    return c;
  }

  private orderedComponents(): ComponentStats[] {
    const order = this.config.componentOrder;
    const rank = (c: string): number => (order.includes(c) ? order.indexOf(c) : order.length);
    return [...this.components.values()].sort((a, b) => rank(a.component) - rank(b.component) || a.component.localeCompare(b.component));
  }

  private addCost(s: SpanRecord): void {
    const input = fin(s.inputTokens);
    const output = fin(s.outputTokens);
    const cr = fin(s.cacheReadTokens);
    const cw = fin(s.cacheWriteTokens);
    const usd = fin(s.costUsd);
    this.cost.calls++;
    if (s.finishReasons !== undefined && s.finishReasons.includes('content_filter')) this.cost.contentFiltered++;
    this.cost.usd += usd;
    this.cost.input += input;
    this.cost.output += output;
    this.cost.cacheRead += cr;
    this.cost.cacheWrite += cw;
    this.byModel.add(s.model ?? s.responseModel ?? 'unknown', input, output, cr, cw, usd);
    this.byOperation.add(s.operation ?? 'unknown', input, output, cr, cw, usd);
    if (s.sessionId !== undefined) this.bySession.add(s.sessionId, input, output, cr, cw, usd);
    if (usd > 0) this.timeline.cost(s.startMs, usd);
  }

  private addContext(s: SpanRecord): void {
    this.context.checked++;
    const u = s.contextUtilization;
    const status = s.contextStatus ?? (u > 0.95 ? 'critical' : u > 0.8 ? 'warning' : 'normal');
    if (Number.isFinite(u) && u > this.context.max) this.context.max = u;
    if (status !== 'warning' && status !== 'critical') return;
    if (status === 'warning') this.context.warning++;
    else this.context.critical++;
    if (s.contextLargestSection !== undefined) {
      this.largestSections.set(s.contextLargestSection, (this.largestSections.get(s.contextLargestSection) ?? 0) + 1);
    }
    const utilization = Number.isFinite(u) ? u : 0;
    if (this.contextExamples.wouldKeep(utilization)) {
      this.contextExamples.offer({
        traceId: s.traceId,
        sessionId: s.sessionId ?? null,
        model: s.model ?? null,
        utilization,
        status,
        largestSection: s.contextLargestSection ?? null,
      });
    }
  }

  private addRetrieval(s: SpanRecord): void {
    this.retrieval.searches++;
    const low = s.retrievalLowRelevance ?? (Number.isFinite(s.retrievalScoreMax) && s.retrievalScoreMax < 0.3);
    if (low) this.retrieval.low++;
    if (Number.isFinite(s.retrievalScoreMean)) {
      this.retrieval.scoreSum += s.retrievalScoreMean;
      this.retrieval.scored++;
    }
    if (Number.isFinite(s.retrievalScoreMax) && s.retrievalScoreMax < this.retrieval.worst) this.retrieval.worst = s.retrievalScoreMax;
  }

}

function fin(n: number): number {
  return Number.isFinite(n) ? n : 0;
}

function sum(values: Iterable<number>): number {
  let s = 0;
  for (const v of values) s += v;
  return s;
}
