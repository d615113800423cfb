import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { configSchema } from "../core/index.js";
import { loadTwitchOverlapRun, REPO_ROOT, smallRun } from "../../test/support/renderRuns.js";
import { planAtlas } from "./atlasPlan.js";
import { boxesOverlap } from "./labels.js";
import { pngSize } from "./png.js";
import { renderOptionsFromConfig, renderRun } from "./renderRun.js";

describe("renderRun", () => {
  it("returns layout.json, SVG, PNG and web bundle, and reuses a stored layout unchanged", () => {
    const run = smallRun();
    let tick = 0;
    const first = renderRun(run, { layout: { iterations: 30 }, atlas: { imagePx: 400 }, now: () => (tick += 250), peakRssMb: () => 1 });
    expect(first.reusedLayout).toBe(false);
    expect(first.timings.map((t) => t.stage)).toEqual(["layout", "svg", "png", "bundle"]);
    expect(first.timings[0]).toEqual({ stage: "layout", seconds: 0.25, peakRssMb: 1 });
    expect(pngSize(first.png)).toEqual({ width: 400, height: 400 });
    expect(JSON.parse(first.bundleJson).nodes).toHaveLength(13);
    // The layout is seeded by the run's seed.
    expect(JSON.parse(first.layoutJson).seed).toBe(run.summary.seed);

    const again = renderRun(run, { storedLayout: JSON.parse(first.layoutJson), atlas: { imagePx: 400 } });
    expect(again.reusedLayout).toBe(true);
    expect(again.svg).toBe(first.svg);
    expect(again.layoutJson).toBe(first.layoutJson);
  });

  it("maps the config's render section onto the options", () => {
    const config = configSchema.parse({ render: { image_px: 1200, theme: "light", lin_log: true, labels_per_community: 2 } });
    expect(renderOptionsFromConfig(config.render)).toEqual({
      layout: { iterations: 500, linLog: true, edgeWeightInfluence: 1 },
      atlas: { imagePx: 1200, theme: "light", labelsPerCommunity: 2 },
    });
  });

  it("draws the twitchoverlap 2022-01 atlas with legible, non-overlapping labels (test-artifacts/atlas-2022-01.png)", () => {
    const run = loadTwitchOverlapRun("2022-01");
    expect(run.nodes).toHaveLength(1682);
    const out = renderRun(run, { layout: { iterations: 300 }, atlas: { imagePx: 4000 } });
    const dir = path.join(REPO_ROOT, "test-artifacts");
    mkdirSync(dir, { recursive: true });
    writeFileSync(path.join(dir, "atlas-2022-01.png"), out.png);
    writeFileSync(path.join(dir, "atlas-2022-01.svg"), out.svg);
    expect(pngSize(out.png)).toEqual({ width: 4000, height: 4000 });
    // Every community is in the legend and the largest channels are labelled.
    for (const name of ["ibai", "xQcOW", "auronplay"]) expect(out.svg).toContain(`>${name}</text>`);
    const labels = [...out.svg.matchAll(/<text x="[^"]+" y="[^"]+" font-size="[^"]+" stroke-width/g)];
    expect(labels.length).toBeGreaterThan(80);
    expect(out.svg.length).toBeLessThan(2_000_000);
    const placed = planAtlas(run, out.layout, { imagePx: 4000 }).labels;
    expect(placed.length).toBe(labels.length);
    for (let i = 0; i < placed.length; i++) for (let j = 0; j < i; j++) expect(boxesOverlap(placed[i].box, placed[j].box)).toBe(false);
  });
});
