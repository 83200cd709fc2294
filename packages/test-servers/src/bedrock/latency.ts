import type { Latency } from './types';

/** Draws latencies from fixed values or ranges; a seed makes runs repeatable (mulberry32). */
export class LatencySampler {
  private state: number;
  private readonly seeded: boolean;

  constructor(seed?: number) {
    this.seeded = seed !== undefined;
    this.state = (seed ?? 0) >>> 0;
  }

  draw(latency: Latency | undefined): number {
    if (latency === undefined) return 0;
    if (typeof latency === 'number') return latency > 0 ? latency : 0;
    const [min, max] = latency;
    return Math.max(0, min + (max - min) * this.random());
  }

  private random(): number {
    if (!this.seeded) return Math.random();
    let t = (this.state = (this.state + 0x6d2b79f5) >>> 0);
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
}

export function sleep(ms: number): Promise<void> {
  return ms > 0 ? new Promise((resolve) => setTimeout(resolve, ms)) : Promise.resolve();
}
