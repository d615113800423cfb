/**
 * Sliding-window limit on JOIN attempts: at most `limit` channels per `windowMs` (Twitch: 20 per 10 s for
 * normal accounts, 2,000 for verified bots). Each channel of a comma-batched JOIN counts as one attempt.
 */
import { type Clock } from "../../../core/index.js";

export class JoinLimiter {
  private readonly sent: number[] = [];

  constructor(
    private readonly clock: Clock,
    readonly limit: number,
    readonly windowMs = 10_000,
  ) {}

  /** How many joins may go out now. */
  available(): number {
    this.expire();
    return Math.max(0, this.limit - this.sent.length);
  }

  /** Records `n` joins sent now. */
  take(n: number): void {
    const now = this.clock.now();
    for (let i = 0; i < n; i++) this.sent.push(now);
  }

  /** Milliseconds until at least one more join may go out (0 = now). */
  waitMs(): number {
    if (this.available() > 0) return 0;
    return this.sent[0] + this.windowMs - this.clock.now();
  }

  private expire(): void {
    const cutoff = this.clock.now() - this.windowMs;
    let drop = 0;
    while (drop < this.sent.length && this.sent[drop] <= cutoff) drop++;
    if (drop) this.sent.splice(0, drop);
  }
}
