import { describe, expect, it } from "vitest";
import { ManualScheduler } from "./scheduler.js";

describe("ManualScheduler", () => {
  it("fires due timers in time order as time advances, and never cancelled ones", () => {
    const s = new ManualScheduler(1000);
    const fired: string[] = [];
    s.schedule(500, () => fired.push(`b@${s.now()}`));
    s.schedule(100, () => {
      fired.push(`a@${s.now()}`);
      s.schedule(100, () => fired.push(`c@${s.now()}`));
    });
    s.schedule(50, () => fired.push("never")).cancel();
    s.advance(300);
    expect(fired).toEqual(["a@1100", "c@1200"]);
    expect(s.now()).toBe(1300);
    s.advance(1000);
    expect(fired).toEqual(["a@1100", "c@1200", "b@1500"]);
    expect(s.pending).toBe(0);
  });
});
