import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { writeRun } from "../../analyze/index.js";
import { LocalLakeStore } from "../../lake/index.js";
import { pngSize } from "../../render/index.js";
import { captureEffects } from "../../../test/support/cliEffects.js";
import { smallRun } from "../../../test/support/renderRuns.js";
import { main } from "../main.js";

describe("vieweratlas render", () => {
  let dir: string;
  let lake: LocalLakeStore;
  const prefix = `analysis/run=${smallRun().summary.runId}/`;
  const text = async (name: string) => Buffer.from((await lake.get(prefix + name))!).toString("utf8");

  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), "cli-render-"));
    lake = new LocalLakeStore(path.join(dir, "lake"));
    await writeRun(lake, smallRun());
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  const render = (args: string[]) => {
    const c = captureEffects({ cwd: dir });
    return main(["node", "vieweratlas", "render", "--lake", "lake", "--log-level", "silent", ...args], c.effects).then((code) => ({ code, out: c.stdout.text(), err: c.stderr.text() }));
  };

  it("draws the latest run into its folder, then keeps its layout for a new theme and size", async () => {
    const first = await render(["--size", "600", "--set", "render.layout_iterations=30"]);
    expect(first.err).toBe("");
    expect(first.code).toBe(0);
    expect(first.out).toContain("computed (30 iterations");
    expect(pngSize((await lake.get(prefix + "atlas.png"))!)).toEqual({ width: 600, height: 600 });
    const layout = await text("layout.json");
    expect(JSON.parse(await text("web.json")).nodes).toHaveLength(13);
    expect(await text("atlas.svg")).toContain('fill="#0f1117"');

    const second = await render(["--run", smallRun().summary.runId, "--theme", "light", "--size", "512"]);
    expect(second.code).toBe(0);
    expect(second.out).toContain("reused layout.json");
    expect(await text("layout.json")).toBe(layout);
    expect(await text("atlas.svg")).toContain('fill="#ffffff"');
    expect(pngSize((await lake.get(prefix + "atlas.png"))!)).toEqual({ width: 512, height: 512 });
  });

  it("computes a new layout with --relayout or when the stored one misses a channel", async () => {
    const stored = JSON.parse(await text("layout.json"));
    delete stored.positions.alpha;
    await lake.put(prefix + "layout.json", JSON.stringify(stored));
    const repaired = await render(["--size", "400", "--set", "render.layout_iterations=20"]);
    expect(repaired.code).toBe(0);
    expect(repaired.out).toContain("computed (20 iterations");
    expect(JSON.parse(await text("layout.json")).positions.alpha).toHaveLength(2);
    const relayout = await render(["--size", "400", "--relayout", "--set", "render.layout_iterations=10"]);
    expect(relayout.out).toContain("computed (10 iterations");
  });

  it("refuses a bad size or theme with a config error, and a missing run with a lake error", async () => {
    expect((await render(["--size", "12"])).code).toBe(2);
    const badTheme = await render(["--theme", "neon"]);
    expect(badTheme.code).toBe(2);
    expect(badTheme.err).toMatch(/render\.theme/);
    const missing = await render(["--run", "1999-01-01T00-00-00Z"]);
    expect(missing.code).toBe(4);
    expect(missing.err).toContain("no complete run 1999-01-01T00-00-00Z");
  });

  it("shows a login holding markup, imported through analyze --edges, as text in atlas.svg", async () => {
    await writeFile(path.join(dir, "edges.csv"), "source,target,weight\n<script>alert(1)</script>,b,50\nb,c,40\nc,<script>alert(1)</script>,30\n");
    const c = captureEffects({ cwd: dir });
    const code = await main(["node", "vieweratlas", "analyze", "--edges", "edges.csv", "--lake", "xss-lake", "--log-level", "silent", "--set", "render.image_px=400", "--set", "render.layout_iterations=20"], c.effects);
    expect(c.stderr.text()).toBe("");
    expect(code).toBe(0);
    const xssLake = new LocalLakeStore(path.join(dir, "xss-lake"));
    const latest = JSON.parse(Buffer.from((await xssLake.get("analysis/latest.json"))!).toString("utf8"));
    const svg = Buffer.from((await xssLake.get(`${latest.prefix}atlas.svg`))!).toString("utf8");
    expect(svg).not.toContain("<script");
    expect(svg).toContain("&lt;script&gt;alert(1)&lt;/script&gt;");
    expect(pngSize((await xssLake.get(`${latest.prefix}atlas.png`))!)).toEqual({ width: 400, height: 400 });
  });
});
