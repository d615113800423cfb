import { mkdtemp, readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { captureEffects } from "../../../test/support/cliEffects.js";
import { main } from "../main.js";

let dir = "";
beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), "va-demo-"));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe("vieweratlas demo", () => {
  it("builds a small synthetic lake through raw windows and compaction, finds the planted communities and renders the map", async () => {
    const fx = captureEffects({ cwd: dir });
    const argv = ["demo", "--channels", "200", "--users", "12000", "--days", "3", "--communities", "8", "--lake", "lake", "--log-level", "silent", "--set", "render.image_px=512"];
    const code = await main(["node", "vieweratlas", ...argv], fx.effects);
    expect(fx.stderr.text()).toBe("");
    expect(code).toBe(0);
    const out = fx.stdout.text();
    expect(out).toMatch(/^demo: 200 channels, 12,000 users \+ \d+ bots, 3 days \(2025-01-01 … 2025-01-03\), 600 raw windows, seed 42$/m);
    const score = Number(/recovered with NMI (\d\.\d+)/.exec(out)?.[1]);
    expect(score).toBeGreaterThanOrEqual(0.9);
    expect(out).toContain(`vieweratlas serve --lake ${path.join(dir, "lake")}`);
    const runs = await readdir(path.join(dir, "lake", "analysis"));
    expect(runs.sort()).toEqual(["latest.json", expect.stringMatching(/^run=/)]);
    const files = await readdir(path.join(dir, "lake", "analysis", runs.find((r) => r.startsWith("run="))!));
    expect(files.sort()).toEqual(["atlas.png", "atlas.svg", "communities.json", "edges.csv", "graph.gexf", "layout.json", "nodes.csv", "summary.json", "web.json"]);
  });
});
