import type { Context, Histogram, Counter, MeterProvider } from '@opentelemetry/api';
import type { ReadableSpan, Span, SpanProcessor } from '@opentelemetry/sdk-trace-base';
import {
  ATTR_KENSA_BOTTLENECK_COMPONENT,
  ATTR_KENSA_BOTTLENECK_SHARE,
  ATTR_KENSA_BUDGET_COMPONENT,
  ATTR_KENSA_BUDGET_LIMIT_MS,
  ATTR_KENSA_BUDGET_STATUS,
  ATTR_KENSA_BUDGET_UTILIZATION,
  ATTR_KENSA_SLA_MET,
  ATTR_KENSA_SLA_TARGET_MS,
  KENSA_UTILIZATION_BUCKETS,
  METRIC_KENSA_BUDGET_UTILIZATION,
  METRIC_KENSA_SLA_VIOLATIONS,
  type BudgetStatus,
} from '@kensa/semconv';
import { internalError, warnOnce } from '../diagOnce';
import { LazyMeter } from '../LazyMeter';
import { hrToMs } from '../spanTime';
import type { ComponentBudget, LatencyBudgetConfig } from '../types';
import { DEFAULT_BUDGETS, DEFAULT_COMPONENT_RULES, DEFAULT_SLA_MS } from './budgetDefaults';
import { Component } from './Component';
import { ComponentMatcher } from './ComponentMatcher';
import { IntervalScratch, componentTimesInto } from './intervals';
import type { TraceState } from './TraceState';
import { TraceStateStore } from './TraceStateStore';

export interface LatencyBudgetProcessorOptions extends LatencyBudgetConfig {
  meterProvider?: MeterProvider;
  /** Clock for the state time limit (tests). */
  now?: () => number;
}

interface Instruments {
  utilization: Histogram;
  violations: Counter;
}

export function budgetStatus(ms: number, budget: ComponentBudget): BudgetStatus {
  if (ms >= budget.criticalMs) return 'critical';
  if (ms >= budget.alarmMs) return 'exceeded';
  if (ms > budget.warningMs) return 'warning';
  return 'within_budget';
}

/**
 * Ties every span to its component's latency budget and, on the request's local root, to the
 * end-to-end SLA: which component took the time, and whether the request met its target.
 */
export class LatencyBudgetProcessor implements SpanProcessor {
  private readonly slaMs: number;
  private readonly budgets: Record<string, ComponentBudget>;
  private readonly matcher: ComponentMatcher;
  private readonly store: TraceStateStore;
  private readonly maxPlausibleMs: number;
  private readonly meter: LazyMeter<Instruments>;
  /** By name; the rules name them, so the map is as small as the rule set. */
  private readonly components = new Map<string, Component>();
  private readonly scratch = new IntervalScratch();
  private readonly times: { components: string[]; ms: number[] } = { components: [], ms: [] };
  private isShutdown = false;

  constructor(options: LatencyBudgetProcessorOptions = {}) {
    this.slaMs = options.slaMs ?? DEFAULT_SLA_MS;
    this.budgets = { ...DEFAULT_BUDGETS, ...options.budgets };
    this.matcher = new ComponentMatcher(
      [...(options.componentRules ?? []), ...(options.replaceDefaultRules ? [] : DEFAULT_COMPONENT_RULES)],
      (name) => this.componentNamed(name),
    );
    this.store = new TraceStateStore({
      maxTraces: options.maxTraces ?? 10_000,
      maxSpansPerTrace: options.maxSpansPerTrace ?? 256,
      ttlMs: options.traceTtlMs ?? 300_000,
      ...(options.now ? { now: options.now } : {}),
    });
    this.maxPlausibleMs = options.maxPlausibleDurationMs ?? 3_600_000;
    this.meter = new LazyMeter(
      (meter) => ({
        utilization: meter.createHistogram(METRIC_KENSA_BUDGET_UTILIZATION, {
          description: "A component's time in one request divided by its budget (one point per request and component)",
          unit: '1',
          advice: { explicitBucketBoundaries: [...KENSA_UTILIZATION_BUCKETS] },
        }),
        violations: meter.createCounter(METRIC_KENSA_SLA_VIOLATIONS, {
          description: 'Requests that missed their end-to-end target',
          unit: '{request}',
        }),
      }),
      options.meterProvider,
    );
  }

  /** Requests currently tracked (bounded by maxTraces). */
  get openTraces(): number {
    return this.store.size;
  }

  onStart(span: Span, _parentContext: Context): void {
    if (this.isShutdown) return;
    try {
      this.store.onStart(span);
    } catch (error) {
      internalError('LatencyBudgetProcessor.onStart', error);
    }
  }

  /**
   * Runs while the span is still writable. The root's SLA and bottleneck attributes need every
   * child's time, and must be on the span before it is handed to exporters, which is what
   * onEnd would be too late for (the span is read-only by then).
   */
  onEnding(span: Span): void {
    if (this.isShutdown) return;
    try {
      this.handleEnding(span);
    } catch (error) {
      internalError('LatencyBudgetProcessor.onEnding', error);
    }
  }

  onEnd(_span: ReadableSpan): void {}

  forceFlush(): Promise<void> {
    return Promise.resolve();
  }

  shutdown(): Promise<void> {
    if (!this.isShutdown) {
      this.isShutdown = true;
      this.store.clear();
    }
    return Promise.resolve();
  }

  private handleEnding(span: Span): void {
    const { traceId, spanId } = span.spanContext();
    const state = this.store.get(traceId, spanId);
    const isRoot = state !== undefined ? state.rootSpanId === spanId : span.parentSpanContext === undefined || span.parentSpanContext.isRemote === true;
    const startMs = hrToMs(span.startTime);
    const durationMs = hrToMs(span.duration);
    if (!(durationMs >= 0 && durationMs <= this.maxPlausibleMs)) {
      warnOnce(`span "${span.name}" has an implausible duration (${durationMs} ms); no budget was applied`);
      if (isRoot && state !== undefined) this.store.finish(state);
      return;
    }
    const endMs = startMs + durationMs;
    const component = this.matcher.match(span.name, span.attributes, isRoot);
    const budget = component?.budget;

    let selfMs: number | undefined;
    if (budget?.selfTime) selfMs = this.selfTime(state, spanId, startMs, endMs);
    if (component !== undefined && budget !== undefined) this.applyBudget(span, component, budget, selfMs ?? durationMs);

    if (state === undefined || state.closed) return;
    if (!isRoot) {
      state.record(span.parentSpanContext?.spanId, component?.name, startMs, endMs, selfMs ?? NaN);
      return;
    }
    state.record(undefined, component?.name, startMs, endMs, selfMs ?? NaN);
    this.applySla(span, state, startMs, endMs, durationMs);
    this.store.finish(state);
  }

  private applyBudget(span: Span, component: Component, budget: ComponentBudget, ms: number): void {
    const utilization = budget.budgetMs > 0 ? ms / budget.budgetMs : 0;
    span.setAttribute(ATTR_KENSA_BUDGET_COMPONENT, component.name);
    span.setAttribute(ATTR_KENSA_BUDGET_LIMIT_MS, budget.budgetMs);
    span.setAttribute(ATTR_KENSA_BUDGET_UTILIZATION, round(utilization));
    span.setAttribute(ATTR_KENSA_BUDGET_STATUS, budgetStatus(ms, budget));
  }

  private selfTime(state: TraceState | undefined, spanId: string, startMs: number, endMs: number): number {
    if (state === undefined || state.closed) return endMs - startMs;
    const scratch = this.scratch;
    scratch.reset();
    const e = state.ended;
    for (let i = 0; i < e.parentSpanIds.length; i++) if (e.parentSpanIds[i] === spanId) scratch.add(e.startMs[i]!, e.endMs[i]!);
    return Math.max(0, endMs - startMs - scratch.coveredMs(startMs, endMs));
  }

  private applySla(span: Span, state: TraceState, startMs: number, endMs: number, durationMs: number): void {
    const met = durationMs <= this.slaMs;
    span.setAttribute(ATTR_KENSA_SLA_TARGET_MS, this.slaMs);
    span.setAttribute(ATTR_KENSA_SLA_MET, met);
    const { components, ms: times } = this.times;
    componentTimesInto(state.ended, startMs, endMs, this.scratch, components, times);
    let bottleneck: Component | undefined;
    let bottleneckMs = -1;
    const { utilization, violations } = this.meter.get();
    for (let i = 0; i < components.length; i++) {
      const component = this.componentNamed(components[i]!);
      const ms = times[i]!;
      span.setAttribute(component.msKey, round(ms));
      // One point per request and component, from the time the root reports: a histogram point
      // costs the SDK an attribute-set hash (several times a span attribute), so one per span
      // was the largest single cost of the processors.
      const budget = component.budget;
      if (budget !== undefined) utilization.record(budget.budgetMs > 0 ? ms / budget.budgetMs : 0, component.utilizationAttributes);
      if (ms > bottleneckMs) {
        bottleneck = component;
        bottleneckMs = ms;
      }
    }
    if (bottleneck !== undefined) {
      span.setAttribute(ATTR_KENSA_BOTTLENECK_COMPONENT, bottleneck.name);
      span.setAttribute(ATTR_KENSA_BOTTLENECK_SHARE, durationMs > 0 ? round(Math.min(1, bottleneckMs / durationMs)) : 0);
    }
    if (!met) violations.add(1, bottleneck === undefined ? {} : bottleneck.bottleneckAttributes);
  }

  private componentNamed(name: string): Component {
    let component = this.components.get(name);
    if (component === undefined) {
      component = new Component(name, Object.hasOwn(this.budgets, name) ? this.budgets[name] : undefined);
      this.components.set(name, component);
    }
    return component;
  }
}

function round(n: number): number {
  return Math.round(n * 1000) / 1000;
}
