import { readFileSync } from 'node:fs';

/**
 * CPU seconds used so far by this process's main thread, or undefined where Linux's /proc is not
 * there. process.cpuUsage() counts every thread; with decode workers the main thread's own share is
 * what bounds the report's throughput, so the benchmark prints both.
 */
export function mainThreadCpuSeconds(): number | undefined {
  try {
    const stat = readFileSync(`/proc/self/task/${process.pid}/stat`, 'utf8');
    // Fields after the parenthesised command name: state is 3rd, utime 14th and stime 15th.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const ticks = Number(fields[11]) + Number(fields[12]);
    // USER_HZ is 100 on every Linux that Node supports.
    return Number.isFinite(ticks) ? ticks / 100 : undefined;
  } catch {
    return undefined;
  }
}
