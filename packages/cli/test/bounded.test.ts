import { describe, expect, it } from 'vitest';
import { SpanRecord } from '../src/input/SpanRecord';
import { CostTable } from '../src/report/CostTable';
import { TraceAssembler, type FinishedTrace } from '../src/report/TraceAssembler';
import { WindowSeries } from '../src/report/WindowSeries';

describe('WindowSeries', () => {
  it('doubles its width and merges neighbours instead of growing past maxWindows', () => {
    const series = new WindowSeries<{ n: number }>({ widthMs: 10, maxWindows: 4, create: () => ({ n: 0 }), merge: (a, b) => (a.n += b.n) });
    for (let t = 0; t < 100; t += 5) series.at(t).n++;
    const entries = series.entries();
    expect(entries.length).toBeLessThanOrEqual(4);
    expect(series.width).toBe(40);
    expect(entries.map((e) => [e.startMs, e.value.n])).toEqual([[0, 8], [40, 8], [80, 4]]);
  });
});

describe('TraceAssembler', () => {
  function rec(traceId: string, spanId: string, parent: string, start: number, dur: number, component: string): SpanRecord {
    const r = new SpanRecord();
    Object.assign(r, { traceId, spanId, parentSpanId: parent, name: spanId, startMs: start, durationMs: dur, component });
    return r;
  }

  it('holds at most maxPending traces, finishing the oldest first', () => {
    const finished: FinishedTrace[] = [];
    const a = new TraceAssembler({ onFinish: (t) => finished.push(t), maxPending: 2 });
    a.add(rec('t1', 'c1', 'r1', 10, 50, 'redis_cache'));
    a.add(rec('t2', 'r2', '', 0, 100, 'orchestrator'));
    a.add(rec('t1', 'r1', '', 0, 100, 'orchestrator'));
    expect(finished).toEqual([]);
    a.add(rec('t3', 'r3', '', 0, 100, 'orchestrator'));
    expect(finished.map((t) => t.traceId)).toEqual(['t1']);
    expect(Object.fromEntries(finished[0]?.breakdown ?? [])).toEqual({ orchestrator: 50, redis_cache: 50 });
    // A straggler of a finished trace starts a new, root-less partial trace rather than growing memory.
    a.add(rec('t1', 'late', 'r1', 20, 5, 'dynamodb_session'));
    a.flush();
    expect(finished.map((t) => [t.traceId, t.root === undefined])).toEqual([['t1', false], ['t2', false], ['t3', false], ['t1', true]]);
  });

  it('keeps at most maxSpansPerTrace spans of one trace', () => {
    const finished: FinishedTrace[] = [];
    const a = new TraceAssembler({ onFinish: (t) => finished.push(t), maxSpansPerTrace: 3 });
    for (let i = 0; i < 10; i++) a.add(rec('t', `s${i}`, i === 0 ? '' : 's0', i, 1, 'redis_cache'));
    a.flush();
    expect(finished[0]?.spans).toHaveLength(3);
  });
});

describe('CostTable', () => {
  it('keeps the costliest rows when capped, and says the figures are approximate', () => {
    const t = new CostTable(3);
    for (let i = 0; i < 20; i++) t.add(`s${i}`, 1, 1, 0, 0, i);
    expect(t.approximate).toBe(true);
    expect(t.top(3).map((r) => r.key)).toEqual(['s19', 's18', 's17']);
    const exact = new CostTable(3);
    for (let i = 0; i < 5; i++) exact.add(`s${i}`, 1, 1, 0, 0, i);
    expect(exact.approximate).toBe(false);
    expect(exact.top().map((r) => r.key)).toEqual(['s4', 's3', 's2', 's1', 's0']);
  });
});
