/**
 * Timers are injected like the clock, so rate limits, keepalives and backoff run in tests on a manual
 * clock: the test moves time and due timers fire, without sleeping.
 */
import { type Clock, ManualClock } from "./clock.js";

export interface TimerHandle {
  cancel(): void;
}

export interface Scheduler extends Clock {
  /** Runs `fn` once after `delayMs` (0 = as soon as the scheduler next runs timers). */
  schedule(delayMs: number, fn: () => void): TimerHandle;
}

export const systemScheduler: Scheduler = {
  now: () => Date.now(),
  schedule(delayMs, fn) {
    const t = setTimeout(fn, Math.max(0, delayMs));
    t.unref?.();
    return { cancel: () => clearTimeout(t) };
  },
};

/** A scheduler on a ManualClock: `advance(ms)` moves time and fires every timer that falls due, in time order. */
export class ManualScheduler implements Scheduler {
  readonly clock: ManualClock;
  private timers: Array<{ at: number; seq: number; fn: () => void; live: boolean }> = [];
  private seq = 0;

  constructor(startMs = 0) {
    this.clock = new ManualClock(startMs);
  }

  now(): number {
    return this.clock.now();
  }

  schedule(delayMs: number, fn: () => void): TimerHandle {
    const timer = { at: this.clock.now() + Math.max(0, delayMs), seq: this.seq++, fn, live: true };
    this.timers.push(timer);
    return { cancel: () => void (timer.live = false) };
  }

  /** Timers still waiting. */
  get pending(): number {
    return this.timers.filter((t) => t.live).length;
  }

  advance(ms: number): void {
    const end = this.clock.now() + ms;
    for (;;) {
      this.timers = this.timers.filter((t) => t.live);
      const due = this.timers.filter((t) => t.at <= end).sort((a, b) => a.at - b.at || a.seq - b.seq)[0];
      if (!due) break;
      due.live = false;
      if (due.at > this.clock.now()) this.clock.set(due.at);
      due.fn();
    }
    this.clock.set(end);
  }
}
