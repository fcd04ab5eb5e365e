import { readFileSync, writeFileSync } from 'node:fs';

/**
 * The process's resident memory and its peak, as the kernel counts them (/proc/self/status:
 * VmRSS, VmHWM), worker threads and memory outside V8's heap included. The peak is reset by
 * writing 5 to /proc/self/clear_refs, so that one phase of a process can be measured on its
 * own. A sampler on a timer would miss the peak of synchronous work (the event loop is busy
 * then); the kernel's high-water mark does not. Where /proc is missing (not Linux), the
 * sampler of process.memoryUsage().rss is what remains.
 */
export interface RssPhase {
  /** Highest resident set since the phase began, in bytes. */
  peak(): number;
  stop(): number;
}

function statusField(field: 'VmRSS' | 'VmHWM'): number | undefined {
  try {
    const match = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(readFileSync('/proc/self/status', 'utf8'));
    return match ? Number(match[1]) * 1024 : undefined;
  } catch {
    return undefined;
  }
}

/** The resident set now, in bytes. */
export function currentRss(): number {
  return statusField('VmRSS') ?? process.memoryUsage.rss();
}

function resetHighWaterMark(): boolean {
  try {
    writeFileSync('/proc/self/clear_refs', '5');
    return true;
  } catch {
    return false;
  }
}

/** Starts measuring the peak resident set from now on (kernel high-water mark, plus a 20 ms sampler). */
export function startRssPhase(intervalMs = 20): RssPhase {
  const kernel = resetHighWaterMark();
  let sampled = currentRss();
  const timer = setInterval(() => {
    sampled = Math.max(sampled, process.memoryUsage.rss());
  }, intervalMs);
  timer.unref();
  const peak = () => Math.max(sampled, currentRss(), (kernel && statusField('VmHWM')) || 0);
  return {
    peak,
    stop: () => {
      clearInterval(timer);
      return peak();
    },
  };
}

export const megabytes = (bytes: number): number => bytes / (1024 * 1024);
