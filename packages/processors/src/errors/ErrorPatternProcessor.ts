import type { Attributes, Counter, MeterProvider, ObservableGauge } from '@opentelemetry/api';
import { SpanStatusCode } from '@opentelemetry/api';
import type { ReadableSpan, Span, SpanProcessor } from '@opentelemetry/sdk-trace-base';
import {
  ATTR_ERROR_TYPE,
  ATTR_EXCEPTION_MESSAGE,
  ATTR_EXCEPTION_TYPE,
  ATTR_KENSA_ERROR_PATTERN_CATEGORY,
  ATTR_KENSA_ERROR_PATTERN_CONFIDENCE,
  ATTR_KENSA_ERROR_PATTERN_FALSE_POSITIVE_MARKS,
  ATTR_KENSA_ERROR_PATTERN_ID,
  ATTR_KENSA_ERROR_PATTERN_NAME,
  ATTR_KENSA_ERROR_PATTERN_REMEDIATION,
  ATTR_KENSA_ERROR_PATTERN_SEVERITY,
  ATTR_KENSA_ERROR_PATTERN_TRANSIENT,
  ERROR_PATTERN_ID_VALUE_UNKNOWN,
  EVENT_EXCEPTION,
  METRIC_KENSA_ERROR_PATTERN_COUNT,
  METRIC_KENSA_ERROR_PATTERN_TREND,
} from '@kensa/semconv';
import { internalError } from '../diagOnce';
import { LazyMeter } from '../LazyMeter';
import type { ErrorPattern, ErrorPatternConfig } from '../types';
import { mergePatterns } from './catalogue';
import { ErrorTrend, type Trend } from './ErrorTrend';
import { disputedPatterns, matchErrorPattern, SERVICE_ATTRIBUTES, withFalsePositiveMarks, type ErrorMatch } from './matchErrorPattern';

export interface ErrorPatternProcessorOptions extends ErrorPatternConfig {
  meterProvider?: MeterProvider;
  now?: () => number;
}

interface Instruments {
  count: Counter;
  trend: ObservableGauge;
}

const UNKNOWN_CATEGORY = 'unknown';
/** Cached matches; past this many distinct failures the cache starts over. */
const MAX_CACHED_MATCHES = 512;
/** Failures with more text than this are matched uncached (their key would be a copy of it). */
const MAX_KEY_CHARS = 4096;
const TREND_VALUE: Record<Trend, number> = { increasing: 1, stable: 0, decreasing: -1 };

/**
 * Names the known failure pattern behind a failed span (status ERROR or `error.type` set), with
 * how sure the match is and the one-line remediation, and counts failures per pattern with a
 * trend over sliding windows.
 */
export class ErrorPatternProcessor implements SpanProcessor {
  readonly patterns: readonly ErrorPattern[];
  private readonly trendTracker: ErrorTrend;
  private readonly meter: LazyMeter<Instruments>;
  private readonly categories = new Map<string, string>();
  /**
   * Failures repeat (a throttling burst is the same error thousands of times), so matches are
   * cached by everything matching reads: error type, exception types and messages, and the
   * values of the attributes the patterns' contexts and the service check look at.
   */
  private readonly matches = new Map<string, ErrorMatch>();
  private readonly contextKeys: string[];
  private readonly countAttributes = new Map<string, Attributes>();
  /** Patterns marked false positive more than the threshold, with their marks; fixed for the processor's life. */
  private readonly disputed: ReadonlyMap<string, number>;

  constructor(options: ErrorPatternProcessorOptions = {}) {
    this.patterns = mergePatterns(options.patterns);
    this.disputed = disputedPatterns(options.falsePositiveMarks, options.falsePositiveThreshold);
    // Everything matching reads from the attributes: the patterns' contexts and whether a service is named.
    this.contextKeys = [...new Set([...SERVICE_ATTRIBUTES, ...this.patterns.flatMap((p) => p.context.map((c) => c.attribute))])];
    this.trendTracker = new ErrorTrend({
      windowMs: options.trendWindowMs ?? 300_000,
      ...(options.now ? { now: options.now } : {}),
    });
    this.meter = new LazyMeter((meter) => {
      const trend = meter.createObservableGauge(METRIC_KENSA_ERROR_PATTERN_TREND, {
        description: 'Trend of each error pattern over sliding windows: 1 increasing, 0 stable, -1 decreasing',
        unit: '1',
      });
      trend.addCallback((result) => {
        for (const id of this.trendTracker.keys()) {
          result.observe(TREND_VALUE[this.trendTracker.trend(id)], {
            [ATTR_KENSA_ERROR_PATTERN_ID]: id,
            [ATTR_KENSA_ERROR_PATTERN_CATEGORY]: this.categories.get(id) ?? UNKNOWN_CATEGORY,
          });
        }
      });
      const count = meter.createCounter(METRIC_KENSA_ERROR_PATTERN_COUNT, {
        description: 'Failures by matched error pattern',
        unit: '{error}',
      });
      return { count, trend };
    }, options.meterProvider);
  }

  /** Occurrences of a pattern in the latest and the previous window, and the resulting trend. */
  trend(id: string): { current: number; previous: number; trend: Trend } {
    return { ...this.trendTracker.windows(id), trend: this.trendTracker.trend(id) };
  }

  onStart(): void {}

  /** Runs while the span is writable, so the pattern travels with the span to every exporter. */
  onEnding(span: Span): void {
    try {
      const errorType = span.attributes[ATTR_ERROR_TYPE];
      if (span.status.code !== SpanStatusCode.ERROR && errorType === undefined) return;
      this.apply(span, typeof errorType === 'string' ? errorType : errorType === undefined ? undefined : String(errorType));
    } catch (error) {
      internalError('ErrorPatternProcessor.onEnding', error);
    }
  }

  onEnd(_span: ReadableSpan): void {}

  forceFlush(): Promise<void> {
    return Promise.resolve();
  }

  shutdown(): Promise<void> {
    return Promise.resolve();
  }

  /** The match a failed span would get (exported for the CLI and tests). */
  matchSpan(span: Pick<ReadableSpan, 'attributes' | 'status' | 'events'>): ErrorMatch {
    const errorType = span.attributes[ATTR_ERROR_TYPE];
    return this.match(span, errorType === undefined ? undefined : String(errorType));
  }

  private match(span: Pick<ReadableSpan, 'attributes' | 'status' | 'events'>, errorType: string | undefined): ErrorMatch {
    const exceptionTypes: string[] = [];
    const messages: string[] = [];
    if (span.status.message) messages.push(span.status.message);
    for (const event of span.events) {
      if (event.name !== EVENT_EXCEPTION || event.attributes === undefined) continue;
      const type = event.attributes[ATTR_EXCEPTION_TYPE];
      const message = event.attributes[ATTR_EXCEPTION_MESSAGE];
      if (typeof type === 'string') exceptionTypes.push(type);
      if (typeof message === 'string') messages.push(message);
    }
    const context = this.contextKeys.map((k) => {
      const v = span.attributes[k];
      return v === undefined ? null : String(v);
    });
    const key = JSON.stringify([errorType ?? null, exceptionTypes, messages, context]);
    let m = this.matches.get(key);
    if (m === undefined) {
      // Marks are fixed at construction, so the cached match can carry the lowered confidence.
      m = withFalsePositiveMarks(
        matchErrorPattern({ ...(errorType !== undefined ? { errorType } : {}), exceptionTypes, messages, attributes: span.attributes }, this.patterns),
        this.disputed,
      );
      if (key.length <= MAX_KEY_CHARS) {
        if (this.matches.size >= MAX_CACHED_MATCHES) this.matches.clear();
        this.matches.set(key, m);
      }
    }
    return m;
  }

  private apply(span: Span, errorType: string | undefined): void {
    const m = this.match(span, errorType);
    span.setAttribute(ATTR_KENSA_ERROR_PATTERN_ID, m.id);
    span.setAttribute(ATTR_KENSA_ERROR_PATTERN_CONFIDENCE, m.confidence);
    const category = m.pattern?.category ?? UNKNOWN_CATEGORY;
    if (m.pattern !== undefined) {
      span.setAttribute(ATTR_KENSA_ERROR_PATTERN_NAME, m.pattern.name);
      span.setAttribute(ATTR_KENSA_ERROR_PATTERN_CATEGORY, category);
      span.setAttribute(ATTR_KENSA_ERROR_PATTERN_TRANSIENT, m.pattern.transient);
      span.setAttribute(ATTR_KENSA_ERROR_PATTERN_SEVERITY, m.pattern.severity);
      span.setAttribute(ATTR_KENSA_ERROR_PATTERN_REMEDIATION, m.pattern.remediation);
      if (m.falsePositiveMarks !== undefined) span.setAttribute(ATTR_KENSA_ERROR_PATTERN_FALSE_POSITIVE_MARKS, m.falsePositiveMarks);
    }
    if (m.id !== ERROR_PATTERN_ID_VALUE_UNKNOWN) this.categories.set(m.id, category);
    this.trendTracker.add(m.id);
    this.meter.get().count.add(1, this.countAttributesOf(m.id, category));
  }

  /** One attribute set per pattern: ids come from the catalogue (plus UNKNOWN), so few. */
  private countAttributesOf(id: string, category: string): Attributes {
    let attributes = this.countAttributes.get(id);
    if (attributes === undefined || attributes[ATTR_KENSA_ERROR_PATTERN_CATEGORY] !== category) {
      attributes = Object.freeze({ [ATTR_KENSA_ERROR_PATTERN_ID]: id, [ATTR_KENSA_ERROR_PATTERN_CATEGORY]: category });
      this.countAttributes.set(id, attributes);
    }
    return attributes;
  }
}
