/**
 * @module
 * CPU and memory of a process tree from /proc, read from outside so that no contender is instrumented.
 * CPU comes from each thread's `schedstat` (nanoseconds, every thread: JS, GC, libuv, native), falling back to
 * `stat`'s utime + stime (10 ms ticks) where schedstat is unavailable.
 */
import { readdirSync, readFileSync } from 'node:fs';

function read(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
}

/** `pid` and all its descendants, alive now. */
export function processTree(pid: number): number[] {
  const children = new Map<number, number[]>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const stat = read(`/proc/${entry}/stat`);
    if (!stat) continue;
    // The command name may hold spaces and parentheses: fields start after the last ')'.
    const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
    const list = children.get(ppid) ?? [];
    list.push(Number(entry));
    children.set(ppid, list);
  }
  const tree = [pid];
  for (let i = 0; i < tree.length; i++) tree.push(...(children.get(tree[i]!) ?? []));
  return tree;
}

const TICK_NS = 10_000_000;

/** CPU time (user + system) used so far by one process, all threads, in nanoseconds. */
export function processCpuNs(pid: number): number {
  let total = 0;
  let tasks: string[] = [];
  try {
    tasks = readdirSync(`/proc/${pid}/task`);
  } catch {
    return 0;
  }
  for (const tid of tasks) {
    const schedstat = read(`/proc/${pid}/task/${tid}/schedstat`);
    const ns = schedstat === undefined ? Number.NaN : Number(schedstat.split(' ')[0]);
    if (Number.isFinite(ns) && ns > 0) {
      total += ns;
      continue;
    }
    const stat = read(`/proc/${pid}/task/${tid}/stat`);
    if (!stat) continue;
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    total += (Number(fields[11]) + Number(fields[12])) * TICK_NS;
  }
  return total;
}

/** CPU time of a process tree, in nanoseconds. */
export function treeCpuNs(pids: readonly number[]): number {
  let total = 0;
  for (const pid of pids) total += processCpuNs(pid);
  return total;
}

/** Resident set size of a process tree, in bytes. */
export function treeRssBytes(pids: readonly number[]): number {
  let total = 0;
  for (const pid of pids) {
    const match = /^VmRSS:\s+(\d+) kB/m.exec(read(`/proc/${pid}/status`) ?? '');
    if (match) total += Number(match[1]) * 1024;
  }
  return total;
}

/** True when per-thread schedstat gives nanosecond CPU times on this kernel. */
export function hasSchedstat(): boolean {
  const value = read(`/proc/${process.pid}/task/${process.pid}/schedstat`);
  return value !== undefined && Number(value.split(' ')[0]) > 0;
}
