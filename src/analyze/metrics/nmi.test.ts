import { describe, expect, it } from "vitest";
import { nmi, unassignedAsSingletons } from "./nmi.js";

describe("nmi", () => {
  it("matches the peer's numpy NMI on known cases", () => {
    // Values from /work/shared/peers/bench_common.py nmi().
    expect(nmi([0, 0, 1, 1, 2, 2], [0, 0, 1, 1, 1, 1])).toBeCloseTo(0.733680436651211, 12);
    expect(nmi([0, 0, 0, 1, 1, 1, 2, 2, 2, 3], [1, 1, 0, 0, 0, 2, 2, 2, 2, 5])).toBeCloseTo(0.6924083661417655, 12);
    expect(nmi([5, 5, 7, 7], [1, 1, 1, 1])).toBe(0);
  });

  it("is 1 for the same clustering under other names", () => {
    expect(nmi([0, 1, 2, 3], [3, 2, 1, 0])).toBe(1);
    expect(nmi(Int32Array.from([4, 4, 9, 9, 9]), Int32Array.from([0, 0, 1, 1, 1]))).toBeCloseTo(1, 12);
  });

  it("refuses clusterings of different lengths", () => {
    expect(() => nmi([0, 1], [0])).toThrow(/nmi: clusterings differ in length/);
  });

  it("turns each unassigned channel into its own cluster", () => {
    expect(Array.from(unassignedAsSingletons([0, -1, 1, -1]))).toEqual([0, 2, 1, 3]);
  });
});
