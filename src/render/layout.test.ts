import { describe, expect, it } from "vitest";
import { ConfigError, InputError } from "../core/index.js";
import { plantedRun, smallRun } from "../../test/support/renderRuns.js";
import { computeLayout, fromLayoutJson, resolveIterations, resolveLayoutOptions, toLayoutJson } from "./layout.js";

describe("computeLayout", () => {
  const run = plantedRun(300, 4, 12);

  it("gives the same positions for the same seed and different ones for another seed", () => {
    const a = computeLayout(run, { seed: 5, iterations: 60 });
    const b = computeLayout(run, { seed: 5, iterations: 60 });
    const c = computeLayout(run, { seed: 6, iterations: 60 });
    expect(Array.from(a.positions)).toEqual(Array.from(b.positions));
    expect(Array.from(a.positions)).not.toEqual(Array.from(c.positions));
    expect(a.positions.length).toBe(2 * run.nodes.length);
    expect(a.positions.every(Number.isFinite)).toBe(true);
  });

  it("pulls the channels of a community closer to each other than to other communities", () => {
    const layout = computeLayout(run, { seed: 1, iterations: 150 });
    let inside = 0;
    let insideN = 0;
    let across = 0;
    let acrossN = 0;
    for (let i = 0; i < run.nodes.length; i += 3) {
      for (let j = i + 1; j < run.nodes.length; j += 7) {
        const d = Math.hypot(layout.positions[2 * i] - layout.positions[2 * j], layout.positions[2 * i + 1] - layout.positions[2 * j + 1]);
        if (run.nodes[i].community === run.nodes[j].community) {
          inside += d;
          insideN++;
        } else {
          across += d;
          acrossN++;
        }
      }
    }
    expect(inside / insideN).toBeLessThan(0.6 * (across / acrossN));
  });

  it("uses Barnes-Hut above the threshold and records the settings it used", () => {
    const small = computeLayout(smallRun(), { iterations: 10 });
    const large = computeLayout(run, { iterations: 10, barnesHutAbove: 100, linLog: true });
    expect(small.settings.barnesHutOptimize).toBe(false);
    expect(large.settings).toMatchObject({ barnesHutOptimize: true, linLogMode: true, scalingRatio: 0.05 });
  });

  it("scales iterations down beyond iterationsFullUpTo, never below a quarter", () => {
    const o = resolveLayoutOptions({ iterations: 400, iterationsFullUpTo: 5000 });
    expect(resolveIterations(1000, o)).toBe(400);
    expect(resolveIterations(20_000, o)).toBe(200);
    expect(resolveIterations(10_000_000, o)).toBe(100);
  });

  it("rejects impossible options with a message naming the option", () => {
    expect(() => resolveLayoutOptions({ iterations: 0 })).toThrow(ConfigError);
    expect(() => resolveLayoutOptions({ edgeWeightInfluence: -1 })).toThrow(/edgeWeightInfluence/);
  });
});

describe("layout.json", () => {
  it("round-trips positions in run order", () => {
    const run = smallRun();
    const layout = computeLayout(run, { iterations: 30 });
    const json = JSON.parse(JSON.stringify(toLayoutJson(layout)));
    expect(json).toMatchObject({ version: 1, seed: 1, iterations: 30 });
    expect(Object.keys(json.positions)).toHaveLength(run.nodes.length);
    const back = fromLayoutJson(json, run);
    for (let i = 0; i < layout.positions.length; i++) expect(back.positions[i]).toBeCloseTo(layout.positions[i], 1);
  });

  it("refuses a layout that misses a channel of the run", () => {
    const run = smallRun();
    const json = toLayoutJson(computeLayout(run, { iterations: 5 }));
    delete json.positions["mike"];
    expect(() => fromLayoutJson(json, run)).toThrow(InputError);
    expect(() => fromLayoutJson(json, run)).toThrow(/"mike"/);
    expect(() => fromLayoutJson({ nodes: [] }, run)).toThrow(/version 1/);
  });
});
