/**
 * CLI effects for in-process runs of `main(argv, effects)`: captured stdout/stderr (optionally posing as a
 * terminal), a given environment and cwd, and a manual clock.
 */
import { Writable } from "node:stream";
import { ManualClock } from "../../src/core/index.js";
import type { CliEffects } from "../../src/cli/context.js";

/** A writable that keeps what it was given; `isTTY` and `columns` make it pose as a terminal. */
export class CapturedStream extends Writable {
  private chunks: string[] = [];
  isTTY?: boolean;
  columns?: number;

  constructor(options: { tty?: boolean; columns?: number } = {}) {
    super();
    if (options.tty) {
      this.isTTY = true;
      this.columns = options.columns ?? 100;
    }
  }

  override _write(chunk: Buffer | string, _encoding: BufferEncoding, callback: () => void): void {
    this.chunks.push(chunk.toString());
    callback();
  }

  // Synchronous capture, so a test reads everything written so far without waiting on the stream.
  override write(chunk: unknown, encodingOrCallback?: unknown, callback?: unknown): boolean {
    this.chunks.push(typeof chunk === "string" ? chunk : Buffer.from(chunk as Uint8Array).toString());
    const cb = typeof encodingOrCallback === "function" ? encodingOrCallback : callback;
    if (typeof cb === "function") cb();
    return true;
  }

  text(): string {
    return this.chunks.join("");
  }
}

export interface CapturedEffects {
  effects: CliEffects;
  stdout: CapturedStream;
  stderr: CapturedStream;
  clock: ManualClock;
}

export function captureEffects(options: { env?: NodeJS.ProcessEnv; cwd?: string; tty?: boolean; startMs?: number } = {}): CapturedEffects {
  const stdout = new CapturedStream();
  const stderr = new CapturedStream({ tty: options.tty });
  const clock = new ManualClock(options.startMs ?? Date.UTC(2024, 0, 15, 12));
  return { effects: { stdout, stderr, env: options.env ?? {}, clock, cwd: options.cwd ?? process.cwd() }, stdout, stderr, clock };
}
