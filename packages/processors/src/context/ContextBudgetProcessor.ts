import type { Attributes, Histogram, MeterProvider } from '@opentelemetry/api';
import type { ReadableSpan, Span, SpanProcessor } from '@opentelemetry/sdk-trace-base';
import {
  ATTR_GEN_AI_INPUT_MESSAGES,
  ATTR_GEN_AI_OPERATION_NAME,
  ATTR_GEN_AI_REQUEST_MODEL,
  ATTR_GEN_AI_SYSTEM_INSTRUCTIONS,
  ATTR_GEN_AI_USAGE_INPUT_TOKENS,
  ATTR_KENSA_CONTEXT_BUDGET_TOKENS,
  ATTR_KENSA_CONTEXT_ESTIMATED,
  ATTR_KENSA_CONTEXT_LARGEST_SECTION,
  ATTR_KENSA_CONTEXT_STATUS,
  ATTR_KENSA_CONTEXT_UTILIZATION,
  ATTR_KENSA_CONTEXT_WINDOW_UTILIZATION,
  ATTR_KENSA_GEN_AI_MODEL_CONTEXT_WINDOW,
  GEN_AI_OPERATION_NAME_VALUE_CHAT,
  GEN_AI_OPERATION_NAME_VALUE_TEXT_COMPLETION,
  KENSA_UTILIZATION_BUCKETS,
  METRIC_KENSA_CONTEXT_UTILIZATION,
  attrKensaContextSectionTokens,
  type ContextSection,
  type ContextStatus,
} from '@kensa/semconv';
import { internalError, warnOnce } from '../diagOnce';
import { LazyMeter } from '../LazyMeter';
import type { ContextBudgetConfig } from '../types';
import { catalogueContextWindow } from './contextWindowOf';
import { estimateSections } from './promptSections';

export interface ContextBudgetProcessorOptions extends ContextBudgetConfig {
  meterProvider?: MeterProvider;
}

/** REFERENCE.md: a practical budget of 5,000 tokens with 1,500 kept for the answer. */
export const DEFAULT_CONTEXT_BUDGET = Object.freeze({
  promptBudgetTokens: 5000,
  outputReserveTokens: 1500,
  warningRatio: 0.8,
  criticalRatio: 0.95,
});

const PROMPT_SECTIONS = ['system', 'history', 'retrieved', 'user'] as const satisfies readonly ContextSection[];
const SECTION_KEYS = PROMPT_SECTIONS.map((s) => [s, attrKensaContextSectionTokens(s)] as const);
const OUTPUT_RESERVE_KEY = attrKensaContextSectionTokens('output_reserve');

function tokenCount(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0 ? value : undefined;
}

export function contextStatus(utilization: number, warningRatio: number, criticalRatio: number): ContextStatus {
  if (utilization > criticalRatio) return 'critical';
  if (utilization >= warningRatio) return 'warning';
  return 'normal';
}

/**
 * For each model call, how full the prompt is: against the practical prompt budget (the budget
 * minus the output reserve) and against the model's context window, with the largest section
 * named so the reader knows what to trim.
 */
export class ContextBudgetProcessor implements SpanProcessor {
  private readonly promptTokens: number;
  private readonly reserve: number;
  private readonly warningRatio: number;
  private readonly criticalRatio: number;
  private readonly contextWindowOf: (modelId: string) => number | undefined;
  private readonly meter: LazyMeter<Histogram>;
  private readonly modelAttributes = new Map<string, Attributes>();

  constructor(options: ContextBudgetProcessorOptions = {}) {
    const budget = options.promptBudgetTokens ?? DEFAULT_CONTEXT_BUDGET.promptBudgetTokens;
    this.reserve = options.outputReserveTokens ?? DEFAULT_CONTEXT_BUDGET.outputReserveTokens;
    if (budget - this.reserve < 1) {
      warnOnce(`context budget: outputReserveTokens (${this.reserve}) leaves no room in promptBudgetTokens (${budget}); using the defaults`);
      this.promptTokens = DEFAULT_CONTEXT_BUDGET.promptBudgetTokens - DEFAULT_CONTEXT_BUDGET.outputReserveTokens;
      this.reserve = DEFAULT_CONTEXT_BUDGET.outputReserveTokens;
    } else {
      this.promptTokens = budget - this.reserve;
    }
    this.warningRatio = options.warningRatio ?? DEFAULT_CONTEXT_BUDGET.warningRatio;
    this.criticalRatio = options.criticalRatio ?? DEFAULT_CONTEXT_BUDGET.criticalRatio;
    this.contextWindowOf = options.contextWindowOf ?? catalogueContextWindow;
    this.meter = new LazyMeter(
      (meter) =>
        meter.createHistogram(METRIC_KENSA_CONTEXT_UTILIZATION, {
          description: 'Prompt tokens divided by the practical prompt budget',
          unit: '1',
          advice: { explicitBucketBoundaries: [...KENSA_UTILIZATION_BUCKETS] },
        }),
      options.meterProvider,
    );
  }

  onStart(): void {}

  /** Runs while the span is writable: token usage is only known once the response is in. */
  onEnding(span: Span): void {
    try {
      const op = span.attributes[ATTR_GEN_AI_OPERATION_NAME];
      if (op !== GEN_AI_OPERATION_NAME_VALUE_CHAT && op !== GEN_AI_OPERATION_NAME_VALUE_TEXT_COMPLETION) return;
      this.apply(span);
    } catch (error) {
      internalError('ContextBudgetProcessor.onEnding', error);
    }
  }

  onEnd(_span: ReadableSpan): void {}

  forceFlush(): Promise<void> {
    return Promise.resolve();
  }

  shutdown(): Promise<void> {
    return Promise.resolve();
  }

  private apply(span: Span): void {
    const attrs = span.attributes;
    let estimated = attrs[ATTR_KENSA_CONTEXT_ESTIMATED] === true;
    // Sum, count and largest in one pass over the section keys, without a collection per call.
    let sections = 0;
    let sum = 0;
    let largest: string | undefined;
    let largestTokens = 0;
    for (const [section, key] of SECTION_KEYS) {
      const n = tokenCount(attrs[key]);
      if (n === undefined) continue;
      sections++;
      sum += n;
      if (n > largestTokens) {
        largest = section;
        largestTokens = n;
      }
    }
    if (sections === 0) {
      const guess = estimateSections(attrs[ATTR_GEN_AI_SYSTEM_INSTRUCTIONS], attrs[ATTR_GEN_AI_INPUT_MESSAGES]);
      if (guess !== undefined) {
        for (const [section, n] of Object.entries(guess)) {
          if (n === undefined) continue;
          sections++;
          sum += n;
          if (n > largestTokens) {
            largest = section;
            largestTokens = n;
          }
          span.setAttribute(attrKensaContextSectionTokens(section as ContextSection), n);
        }
        estimated = true;
      }
    }
    // Counted input tokens win over the sum of the sections, which may be estimates.
    let input = tokenCount(attrs[ATTR_GEN_AI_USAGE_INPUT_TOKENS]);
    if (input === undefined) {
      if (sections === 0) return;
      input = sum;
    }
    const utilization = input / this.promptTokens;
    span.setAttribute(ATTR_KENSA_CONTEXT_BUDGET_TOKENS, this.promptTokens);
    span.setAttribute(ATTR_KENSA_CONTEXT_UTILIZATION, round(utilization));
    span.setAttribute(ATTR_KENSA_CONTEXT_STATUS, contextStatus(utilization, this.warningRatio, this.criticalRatio));
    if (attrs[OUTPUT_RESERVE_KEY] === undefined) span.setAttribute(OUTPUT_RESERVE_KEY, this.reserve);
    const window = this.windowOf(attrs);
    if (window !== undefined) span.setAttribute(ATTR_KENSA_CONTEXT_WINDOW_UTILIZATION, round(input / window));
    if (largest !== undefined) span.setAttribute(ATTR_KENSA_CONTEXT_LARGEST_SECTION, largest);
    if (estimated) span.setAttribute(ATTR_KENSA_CONTEXT_ESTIMATED, true);
    const model = attrs[ATTR_GEN_AI_REQUEST_MODEL];
    this.meter.get().record(utilization, this.metricAttributes(typeof model === 'string' ? model : ''));
  }

  /** One attributes object per model (ids repeat; a bounded cache, since ids come from callers). */
  private metricAttributes(model: string): Attributes {
    let attributes = this.modelAttributes.get(model);
    if (attributes === undefined) {
      attributes = model === '' ? {} : { [ATTR_GEN_AI_REQUEST_MODEL]: model };
      if (this.modelAttributes.size < 256) this.modelAttributes.set(model, attributes);
    }
    return attributes;
  }

  private windowOf(attrs: Attributes): number | undefined {
    const fromSpan = tokenCount(attrs[ATTR_KENSA_GEN_AI_MODEL_CONTEXT_WINDOW]);
    if (fromSpan !== undefined && fromSpan > 0) return fromSpan;
    const model = attrs[ATTR_GEN_AI_REQUEST_MODEL];
    if (typeof model !== 'string') return undefined;
    const window = this.contextWindowOf(model);
    return typeof window === 'number' && window > 0 ? window : undefined;
  }
}

function round(n: number): number {
  return Math.round(n * 10000) / 10000;
}
