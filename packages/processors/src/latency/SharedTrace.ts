import type { TraceState } from './TraceState';

/** Past this many open requests in one trace, spans are found through an index by span id. */
const INDEX_FROM = 8;

/**
 * The open requests that continue one trace: concurrent messages under one remote parent (a
 * WebSocket connection whose upgrade carried a traceparent) share its trace id. A few are
 * searched in turn; many get an index by span id, so a busy shared trace does not make every span
 * scan every request.
 */
export class SharedTrace {
  readonly states: TraceState[];
  private index: Map<string, TraceState> | undefined;

  constructor(first: TraceState, second: TraceState) {
    this.states = [first, second];
  }

  add(state: TraceState): void {
    this.states.push(state);
    if (this.index !== undefined) this.indexSpans(state);
    else if (this.states.length > INDEX_FROM) {
      this.index = new Map();
      for (const s of this.states) this.indexSpans(s);
    }
  }

  /** Removes an ended or dropped request; returns how many remain. */
  remove(state: TraceState): number {
    const i = this.states.indexOf(state);
    if (i !== -1) this.states.splice(i, 1);
    if (this.index !== undefined) for (const id of state.spanIds) if (this.index.get(id) === state) this.index.delete(id);
    return this.states.length;
  }

  /** Call after `state` registered `spanId`. */
  registered(state: TraceState, spanId: string): void {
    this.index?.set(spanId, state);
  }

  find(spanId: string): TraceState | undefined {
    if (this.index !== undefined) return this.index.get(spanId);
    for (const state of this.states) if (state.has(spanId)) return state;
    return undefined;
  }

  private indexSpans(state: TraceState): void {
    for (const id of state.spanIds) this.index!.set(id, state);
  }
}
