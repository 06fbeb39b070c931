import { readFileSync } from 'node:fs';

/** The process's peak resident set so far (`VmHWM`), in MB; infinite once the process is gone (killed for its memory, say). */
export function peakRssMb(pid: number): number {
  try {
    return Number(/VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1]) / 1024;
  } catch {
    return Number.POSITIVE_INFINITY;
  }
}
