import { access, mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { captureEffects } from "../../../test/support/cliEffects.js";
import { main } from "../main.js";
import { startServeCommand } from "./serve.js";

let dir = "";
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), "va-serve-"));
  // A small demo run: the lake `vieweratlas serve` shows right after `vieweratlas demo`.
  const fx = captureEffects({ cwd: dir });
  const argv = ["demo", "--channels", "120", "--users", "6000", "--days", "2", "--communities", "5", "--lake", "lake", "--log-level", "silent", "--set", "render.image_px=256", "--set", "render.layout_iterations=30"];
  const code = await main(["node", "vieweratlas", ...argv], fx.effects);
  if (code !== 0) throw new Error(`demo failed: ${fx.stderr.text()}`);
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const run = async (args: string[]) => {
  const fx = captureEffects({ cwd: dir });
  const code = await main(["node", "vieweratlas", ...args, "--log-level", "silent"], fx.effects);
  return { code, out: fx.stdout.text(), err: fx.stderr.text() };
};

describe("vieweratlas serve", () => {
  it("serves the demo run on localhost and prints the URL", async () => {
    const fx = captureEffects({ cwd: dir });
    const server = await startServeCommand(fx.effects, { port: "0", lake: "lake", logLevel: "silent" });
    try {
      expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
      expect(fx.stdout.text()).toContain(`ViewerAtlas map on ${server.url}`);
      const list = (await (await fetch(`${server.url}api/runs`)).json()) as { latest: string; runs: { id: string; channels: number }[] };
      expect(list.runs).toHaveLength(1);
      expect(list.latest).toBe(list.runs[0].id);
      expect(list.runs[0].channels).toBeGreaterThan(100);
      const bundle = (await (await fetch(`${server.url}api/runs/latest/graph`)).json()) as { summary: { runId: string } };
      expect(bundle.summary.runId).toBe(list.latest);
      expect((await fetch(server.url)).headers.get("content-security-policy")).toContain("default-src 'self'");
    } finally {
      await server.close();
    }
  });

  it("refuses a bad port with a config error", async () => {
    const bad = await run(["serve", "--port", "http", "--lake", "lake"]);
    expect(bad.code).toBe(2);
    expect(bad.err).toContain("serve: --port must be a whole number");
  });
});

describe("vieweratlas export-site", () => {
  it("writes the app, runs.json and the latest run's bundle and files", async () => {
    const { code, out, err } = await run(["export-site", "site", "--lake", "lake"]);
    expect(err).toBe("");
    expect(code).toBe(0);
    expect(out).toMatch(/^site written to .*site: 1 run \(/);
    const runs = JSON.parse(await readFile(path.join(dir, "site", "runs.json"), "utf8")) as { latest: string; runs: { id: string }[] };
    expect(runs.runs.map((r) => r.id)).toEqual([runs.latest]);
    for (const file of ["index.html", "app.js", "app.css", `runs/${runs.latest}/web.json`, `runs/${runs.latest}/atlas.png`, `runs/${runs.latest}/graph.gexf`, `runs/${runs.latest}/edges.csv`]) {
      await expect(access(path.join(dir, "site", file))).resolves.toBeUndefined();
    }
    await expect(access(path.join(dir, "site", `runs/${runs.latest}/summary.json`))).rejects.toThrow();
  });

  it("refuses an unknown run, --run with --all, and an empty lake", async () => {
    const unknown = await run(["export-site", "out1", "--lake", "lake", "--run", "1999-01-01T00-00-00Z"]);
    expect(unknown.code).toBe(3);
    expect(unknown.err).toContain("no complete run 1999-01-01T00-00-00Z");
    expect((await run(["export-site", "out2", "--lake", "lake", "--run", "../x"])).code).toBe(3);
    expect((await run(["export-site", "out3", "--lake", "lake", "--run", "latest", "--all"])).code).toBe(2);
    const empty = await run(["export-site", "out4", "--lake", "empty-lake"]);
    expect(empty.code).toBe(4);
    expect(empty.err).toContain("no analysis run");
  });
});

describe("vieweratlas build-web", () => {
  it("bundles the browser app into a folder", async () => {
    const fx = captureEffects({ cwd: dir });
    expect(await main(["node", "vieweratlas", "build-web", "web-out"], fx.effects)).toBe(0);
    expect(fx.stdout.text()).toContain("web app built in");
    const html = await readFile(path.join(dir, "web-out", "index.html"), "utf8");
    expect(html).toContain('src="app.js"');
    expect((await readFile(path.join(dir, "web-out", "app.js"), "utf8")).length).toBeGreaterThan(50_000);
  });
});
