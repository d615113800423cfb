import { fork } from "node:child_process";
import { mkdir, mkdtemp, readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { LocalLakeStore } from "../../lake/index.js";
import { readCuratedRows } from "../../../test/support/curatedRows.js";
import { channelDayWindows } from "../../../test/support/presenceWindows.js";
import { writeRawWindow } from "../rawWriter.js";
import { compactLake } from "./compactLake.js";
import { manifestKey } from "./manifest.js";

const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../..");
const CHILD = path.join(REPO_ROOT, "test/support/compactChild.ts");
const ENV = { VIEWERATLAS_PSEUDONYM_KEY: "kill-test-key" };
const DAYS = ["2024-05-01", "2024-05-02", "2024-05-03"];

type ChildMessage = { type: "day-done"; day: string } | { type: "holding"; key: string } | { type: "finished" };

describe("compaction killed in the middle", () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(path.join(tmpdir(), "compact-kill-"));
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));

  async function fillLake(root: string): Promise<LocalLakeStore> {
    const lake = new LocalLakeStore(root);
    const windows = channelDayWindows({ channels: 12, days: DAYS.length, windowsPerChannelDay: 4, audiencePerChannelDay: 30, usersPerWindow: 10, firstDay: DAYS[0], seed: 7 });
    for (const w of windows) await writeRawWindow(lake, w);
    return lake;
  }

  it("gives the same curated rows as one clean run when run again", async () => {
    const killed = await fillLake(path.join(dir, "killed"));
    const clean = await fillLake(path.join(dir, "clean"));

    // The killed child cannot remove its work folder, so it keeps it under this test's folder.
    const childTmp = path.join(dir, "tmp");
    await mkdir(childTmp);
    // Day 1 writes 2 curated objects (presence, channels); hold right after day 2's presence file.
    const child = fork(CHILD, [killed.root, "3"], { execArgv: ["--import", "tsx"], cwd: REPO_ROOT, env: { ...process.env, ...ENV, TMPDIR: childTmp }, stdio: ["ignore", "ignore", "pipe", "ipc"] });
    let stderr = "";
    child.stderr?.on("data", (c: Buffer) => (stderr += c.toString()));
    const daysDone: string[] = [];
    const exit = new Promise<NodeJS.Signals | number | null>((resolve) => child.on("exit", (code, signal) => resolve(signal ?? code)));
    const held = await new Promise<ChildMessage>((resolve, reject) => {
      child.on("message", (m: ChildMessage) => {
        if (m.type === "day-done") daysDone.push(m.day);
        else resolve(m);
      });
      child.on("exit", () => reject(new Error(`child exited before holding: ${stderr}`)));
    });
    expect(held).toEqual({ type: "holding", key: "curated/presence/source=live/date=2024-05-02/part-00000.parquet" });
    expect(daysDone).toEqual(["2024-05-01"]); // some days finished, not all
    child.kill("SIGKILL");
    expect(await exit).toBe("SIGKILL");
    expect((await readdir(childTmp)).some((name) => name.startsWith("vieweratlas-compact-"))).toBe(true);

    // Day 2 was left with its new presence file but no manifest: it will be rebuilt, never read half-done.
    expect(await killed.get(manifestKey("2024-05-01"))).not.toBeNull();
    expect(await killed.get(manifestKey("2024-05-02"))).toBeNull();

    const resumed = await compactLake(killed, {}, { env: ENV });
    expect(resumed.daysRebuilt).toEqual(["2024-05-02", "2024-05-03"]);
    expect(resumed.daysUnchanged).toBe(1);
    const once = await compactLake(clean, {}, { env: ENV });
    expect(once.daysRebuilt).toEqual(DAYS);

    const killedRows = await readCuratedRows(killed);
    const cleanRows = await readCuratedRows(clean);
    expect(killedRows.presence.length).toBeGreaterThan(300);
    expect(killedRows).toEqual(cleanRows);
  });
});
