import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { configSchema, ManualClock, type ProgressReporter } from "../../src/core/index.js";
import { LATEST_RUN, LocalLakeStore } from "../../src/lake/index.js";
import { generateSynthetic } from "../../src/collect/synthetic/generate.js";
import { writeSyntheticCurated } from "../../src/collect/synthetic/writeCurated.js";
import { listRuns, nmi, readRun, runAnalysis, unassignedAsSingletons } from "../../src/analyze/index.js";

const DATA = path.resolve(__dirname, "../../../shared/data");
const clock = () => new ManualClock(Date.UTC(2025, 0, 20, 12));

let dir = "";
beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), "va-run-"));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** A progress reporter that remembers which stages ended, in order. */
function recordingProgress(): ProgressReporter & { ended: string[] } {
  const ended: string[] = [];
  return { ended, stage: (name) => ({ update: () => undefined, end: () => void ended.push(name) }) };
}

describe("runAnalysis", () => {
  it("finds the planted communities of a small synthetic lake and writes a complete run", async () => {
    const lake = new LocalLakeStore(path.join(dir, "lake"));
    const data = generateSynthetic({ channels: 300, users: 30_000, days: 7, communities: 10, bots: 20, seed: 3 });
    await writeSyntheticCurated(lake, data, { pseudonymKey: "test-key" });
    const progress = recordingProgress();
    const config = configSchema.parse({});
    const outcome = await runAnalysis(
      { kind: "presence", lake, since: data.dayNames[0], until: data.dayNames.at(-1) },
      config,
      { clock: clock(), lake, progress, env: { VIEWERATLAS_PSEUDONYM_KEY: "test-key" } },
    );
    const found = new Map(outcome.run.nodes.map((n) => [n.id, n.community]));
    const score = nmi(
      data.channels.map((c) => c.community),
      unassignedAsSingletons(data.channels.map((c) => found.get(c.login) ?? -1)),
    );
    expect(score).toBeGreaterThanOrEqual(0.9);
    expect(progress.ended.filter((s) => !s.includes(":"))).toEqual(["aggregate", "overlap", "communities", "labels", "run records", "outputs"]);
    const { summary } = outcome.run;
    expect(summary.timings.map((t) => t.stage)).toEqual(["aggregate", "overlap", "communities", "labels", "run records"]);
    expect(summary.input).toMatchObject({ kind: "presence", since: data.dayNames[0], until: data.dayNames.at(-1) });
    expect(summary.counts.users).toBeGreaterThan(20_000);
    expect(summary.communityCount).toBe(outcome.run.communities.length);
    expect(outcome.run.communities[0].label).not.toBe("");
    expect(outcome.prefix).toBe(`analysis/run=${summary.runId}/`);
    for (const f of ["summary.json", "nodes.csv", "edges.csv", "communities.json", "graph.gexf"]) expect(await lake.get(outcome.prefix + f), f).not.toBeNull();
    expect(JSON.parse(Buffer.from((await lake.get(LATEST_RUN)) as Uint8Array).toString()).runId).toBe(summary.runId);
    const back = await readRun(lake);
    expect(back.nodes.length).toBe(outcome.run.nodes.length);
    expect(back.edges[0]).toEqual(outcome.run.edges[0]);
  });

  it("analyzes an imported real graph with node sizes and adds render's files before latest.json", async () => {
    const lake = new LocalLakeStore(path.join(dir, "lake"));
    const config = configSchema.parse({});
    const outcome = await runAnalysis(
      { kind: "edges", edgesFile: path.join(DATA, "twitchoverlap/2022-01-edges.csv"), nodesFile: path.join(DATA, "twitchoverlap/2022-01-nodes.csv") },
      config,
      { clock: clock(), lake, render: async (run) => ({ "atlas.svg": `<svg>${run.nodes.length}</svg>` }) },
    );
    const { summary, nodes, edges } = outcome.run;
    expect(nodes.length).toBe(1682);
    expect(edges.length).toBe(14214);
    expect(summary.modularity).toBeGreaterThanOrEqual(0.7741 - 0.002);
    expect(summary.input.kind).toBe("edges");
    expect(summary.counts).toMatchObject({ channels: 1682, edges: 14214, users: null });
    expect(nodes.find((n) => n.id === "ibai")).toMatchObject({ label: "ibai", size: 1688908 });
    expect(edges[0].shared).toBeNull();
    expect(outcome.files).toContain("atlas.svg");
    expect(Buffer.from((await lake.get(outcome.prefix + "atlas.svg")) as Uint8Array).toString()).toBe("<svg>1682</svg>");
    expect(await listRuns(lake)).toEqual([summary.runId]);
  });

  it("says clearly when the window holds no presence", async () => {
    const lake = new LocalLakeStore(path.join(dir, "empty-lake"));
    await expect(
      runAnalysis({ kind: "presence", lake, since: "2025-01-01", until: "2025-01-07" }, configSchema.parse({}), { clock: clock(), lake }),
    ).rejects.toThrow(/no presence between 2025-01-01 and 2025-01-07/);
    expect(await lake.get(LATEST_RUN)).toBeNull();
  });
});

describe("runAnalysis on a graph with nothing to map", () => {
  it("refuses a window whose channels share no users above the threshold", async () => {
    const lake = new LocalLakeStore(path.join(dir, "lake"));
    const data = generateSynthetic({ channels: 30, users: 2_000, days: 2, communities: 3, bots: 0, seed: 5 });
    await writeSyntheticCurated(lake, data, { pseudonymKey: "k" });
    const config = configSchema.parse({ analysis: { overlap_threshold: 1e9 } });
    await expect(
      runAnalysis({ kind: "presence", lake, since: data.dayNames[0], until: data.dayNames.at(-1) }, config, { clock: clock(), lake, env: { VIEWERATLAS_PSEUDONYM_KEY: "k" } }),
    ).rejects.toThrow(/analyze: 30 channels in presence in .* but no edges between them; no two channels share users at weight >= 1000000000/);
    expect(await lake.get(LATEST_RUN)).toBeNull();
  });
});
