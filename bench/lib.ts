/**
 * What a benchmark file uses: `figure` to time one step, and `report` to print it in the form run.ts collects.
 * Each benchmark file runs in its own process, so peak memory (the process's max RSS) is its own.
 */
export interface BenchFigure {
  /** Benchmark and step, e.g. "analysis/overlap". */
  name: string;
  /** The named data size, e.g. "5000ch-1Musers" or "twitchoverlap-2022-01". */
  size: string;
  seconds: number;
  /** Peak resident memory of the process so far, MB. */
  peakRssMb: number;
  /** Optional throughput, e.g. { value: 212000, unit: "msg/s" }. */
  throughput?: { value: number; unit: string };
  extra?: Record<string, unknown>;
}

export function peakRssMb(): number {
  return Math.round(process.resourceUsage().maxRSS / 1024);
}

/** Times `fn` and returns its result with the figure. */
export async function figure<T>(name: string, size: string, fn: () => Promise<T> | T): Promise<{ result: T; figure: BenchFigure }> {
  const t0 = performance.now();
  const result = await fn();
  const seconds = (performance.now() - t0) / 1000;
  return { result, figure: { name, size, seconds: round(seconds, 3), peakRssMb: peakRssMb() } };
}

/** Prints a figure as one line that run.ts collects. */
export function report(f: BenchFigure): void {
  process.stdout.write(`BENCH ${JSON.stringify(f)}\n`);
}

export function round(x: number, digits: number): number {
  const p = 10 ** digits;
  return Math.round(x * p) / p;
}
