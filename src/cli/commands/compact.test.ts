import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { PassThrough } from "node:stream";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { writeRawWindow } from "../../collect/index.js";
import { ManualClock } from "../../core/index.js";
import { LocalLakeStore } from "../../lake/index.js";
import { liveWindow, presenceUser } from "../../../test/support/presenceWindows.js";
import type { CliEffects } from "../context.js";
import { main } from "../main.js";

function captured(env: NodeJS.ProcessEnv, cwd: string): { effects: CliEffects; out: () => string; err: () => string } {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = "";
  let err = "";
  stdout.on("data", (c: Buffer) => (out += c.toString()));
  stderr.on("data", (c: Buffer) => (err += c.toString()));
  return { effects: { stdout, stderr, env, clock: new ManualClock(Date.parse("2024-03-03T00:00:00Z")), cwd }, out: () => out, err: () => err };
}

describe("vieweratlas compact", () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(path.join(tmpdir(), "cli-compact-"));
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));

  it("compacts the lake, prints the report with malformed files named, and exits 0", async () => {
    const lake = new LocalLakeStore(path.join(dir, "lake"));
    await writeRawWindow(lake, liveWindow("chan", "2024-03-01T10:00:00Z", [presenceUser("1", "a", 1, 0, 0, [0])]));
    await writeRawWindow(lake, liveWindow("chan", "2024-03-02T10:00:00Z", [presenceUser("2", "b", 1, 0, 0, [0])]));
    await lake.put("raw/snapshots/date=2024-03-02/channel=chan/broken.json", "{");
    const env = { VIEWERATLAS_PSEUDONYM_KEY: "cli-test-secret-key" };

    const run = captured(env, dir);
    expect(await main(["node", "vieweratlas", "compact", "--lake", "lake", "--log-level", "silent"], run.effects)).toBe(0);
    expect(run.out()).toContain("2 days seen, 2 rebuilt (2024-03-01, 2024-03-02), 0 unchanged");
    expect(run.out()).toContain("presence rows written: 2");
    expect(run.out()).toContain("raw/snapshots/date=2024-03-02/channel=chan/broken.json: bad JSON");
    expect(run.out() + run.err()).not.toContain("cli-test-secret-key");

    const again = captured(env, dir);
    expect(await main(["node", "vieweratlas", "compact", "--lake", "lake", "--days", "2024-03-02", "--json", "--log-level", "silent"], again.effects)).toBe(0);
    expect(JSON.parse(again.out())).toMatchObject({ daysSeen: 1, daysRebuilt: [], daysUnchanged: 1, malformedEarlier: 1 });
  });

  it("carries a channel's display name from raw windows through compaction to the run's nodes.csv label", async () => {
    const lake = new LocalLakeStore(path.join(dir, "lake"));
    const users = (from: number) => Array.from({ length: 6 }, (_, i) => presenceUser(String(from + i), `u${from + i}`, 1, 0, 0, [0]));
    // Three channels sharing chatters; xqcow's windows carry a display name, the others none (as IRC-only channels).
    await writeRawWindow(lake, liveWindow("xqcow", "2024-03-01T10:00:00Z", users(0), { displayName: "xQcOW" }));
    await writeRawWindow(lake, liveWindow("shroud", "2024-03-01T10:00:00Z", users(3)));
    await writeRawWindow(lake, liveWindow("pokimane", "2024-03-01T10:00:00Z", users(6)));
    const env = { VIEWERATLAS_PSEUDONYM_KEY: "cli-test-secret-key" };
    expect(await main(["node", "vieweratlas", "compact", "--lake", "lake", "--log-level", "silent"], captured(env, dir).effects)).toBe(0);

    const run = captured(env, dir);
    const args = ["analyze", "--lake", "lake", "--since", "2024-03-01", "--until", "2024-03-01", "--no-render", "--out", "out", "--set", "analysis.bot_filter=off", "--log-level", "silent"];
    expect(await main(["node", "vieweratlas", ...args], run.effects)).toBe(0);
    expect(run.err()).toBe("");
    const nodes = (await readFile(path.join(dir, "out", "nodes.csv"), "utf8")).trim().split("\n");
    const labels = new Map(nodes.slice(1).map((line) => [line.split(",")[0], line.split(",")[1]]));
    expect(labels).toEqual(new Map([["pokimane", "pokimane"], ["shroud", "shroud"], ["xqcow", "xQcOW"]]));
  });

  it("rejects a day that is not YYYY-MM-DD with a config error", async () => {
    const run = captured({}, dir);
    expect(await main(["node", "vieweratlas", "compact", "--lake", "lake", "--days", "March", "--log-level", "silent"], run.effects)).toBe(2);
    expect(run.err()).toContain('compact: option days: not a UTC day (YYYY-MM-DD): "March"');
  });
});
