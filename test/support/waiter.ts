/** Waits on conditions that event handlers make true: `notify()` from a handler re-checks every waiter. */
export class Waiter {
  private readonly waiting: Array<{ check: () => boolean; resolve: () => void }> = [];

  until(check: () => boolean): Promise<void> {
    if (check()) return Promise.resolve();
    return new Promise((resolve) => this.waiting.push({ check, resolve }));
  }

  notify(): void {
    for (let i = this.waiting.length - 1; i >= 0; i--) {
      if (this.waiting[i].check()) {
        this.waiting[i].resolve();
        this.waiting.splice(i, 1);
      }
    }
  }
}
