import { DDSketch } from '@datadog/sketches-js';
import type { TimelineWindow } from './Report';
import { WindowSeries } from './WindowSeries';

/** Window sketches are coarser than the overall ones: they feed charts and trend tests, not the table. */
const WINDOW_SKETCH_ACCURACY = 0.01;

export interface WindowData {
  requests: number;
  /** End-to-end (root span) latency. */
  latency: DDSketch;
  slaMet: number;
  components: Map<string, DDSketch>;
  errors: Map<string, number>;
  costUsd: number;
}

function createWindow(): WindowData {
  return { requests: 0, latency: new DDSketch({ relativeAccuracy: WINDOW_SKETCH_ACCURACY }), slaMet: 0, components: new Map(), errors: new Map(), costUsd: 0 };
}

function mergeWindow(into: WindowData, from: WindowData): void {
  into.requests += from.requests;
  into.latency.merge(from.latency);
  into.slaMet += from.slaMet;
  into.costUsd += from.costUsd;
  for (const [k, sk] of from.components) {
    const existing = into.components.get(k);
    if (existing === undefined) into.components.set(k, sk);
    else existing.merge(sk);
  }
  for (const [k, n] of from.errors) into.errors.set(k, (into.errors.get(k) ?? 0) + n);
}

/** Everything the report tracks per time window: requests, SLA, per-component latency, errors, cost. */
export class Timeline {
  private readonly series: WindowSeries<WindowData>;

  constructor(widthMs: number, maxWindows: number) {
    this.series = new WindowSeries({ widthMs, maxWindows, create: createWindow, merge: mergeWindow });
  }

  get widthMs(): number {
    return this.series.width;
  }

  request(startMs: number, durationMs: number, met: boolean): void {
    const w = this.series.at(startMs);
    w.requests++;
    w.latency.accept(durationMs);
    if (met) w.slaMet++;
  }

  latency(startMs: number, component: string, ms: number): void {
    const w = this.series.at(startMs);
    let sk = w.components.get(component);
    if (sk === undefined) {
      sk = new DDSketch({ relativeAccuracy: WINDOW_SKETCH_ACCURACY });
      w.components.set(component, sk);
    }
    sk.accept(ms);
  }

  error(startMs: number, patternId: string): void {
    const w = this.series.at(startMs);
    w.errors.set(patternId, (w.errors.get(patternId) ?? 0) + 1);
  }

  cost(startMs: number, usd: number): void {
    this.series.at(startMs).costUsd += usd;
  }

  raw(): { startMs: number; value: WindowData }[] {
    return this.series.entries();
  }

  windows(): TimelineWindow[] {
    return this.raw().map(({ startMs, value }) => {
      const components: TimelineWindow['components'] = {};
      for (const [k, sk] of [...value.components.entries()].sort((a, b) => a[0].localeCompare(b[0]))) {
        components[k] = {
          count: sk.count,
          p50Ms: sk.getValueAtQuantile(0.5),
          p90Ms: sk.getValueAtQuantile(0.9),
          p99Ms: sk.getValueAtQuantile(0.99),
        };
      }
      return {
        startMs,
        requests: value.requests,
        requestP50Ms: value.requests > 0 ? value.latency.getValueAtQuantile(0.5) : null,
        requestP90Ms: value.requests > 0 ? value.latency.getValueAtQuantile(0.9) : null,
        requestP99Ms: value.requests > 0 ? value.latency.getValueAtQuantile(0.99) : null,
        slaMet: value.slaMet,
        components,
        errors: Object.fromEntries(value.errors),
        costUsd: value.costUsd,
      };
    });
  }
}
