import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { DuckDBInstance } from "@duckdb/node-api";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { pseudonymize } from "../../core/index.js";
import { LocalLakeStore } from "../../lake/index.js";
import { importTwitchDataset } from "./twitchDataset.js";

let dir = "";
beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), "va-twitch-dataset-"));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** Rows in the dataset's form: user_id,stream_id,streamer,time_start,time_stop (10-minute steps, no header). */
const CSV = [
  "1,100,Alpha,0,3", // day 0, 00:00-00:30
  "1,100,Alpha,10,12", // same user, channel and day: one curated row
  "2,100,Alpha,5,6",
  "1,200,beta,150,151", // day 1
  "3,200,beta,144,150",
  "4,300,gamma,oops,2", // bad: time_start is not a number (line 6)
  "5,300,gamma,9,3", // reversed times: skipped, counted
  "6,300,gamma,20", // bad: four fields (line 8)
  "6,300,gamma,20,21",
].join("\n");

async function readParquet(file: string): Promise<Record<string, unknown>[]> {
  const instance = await DuckDBInstance.create(":memory:");
  const db = await instance.connect();
  try {
    return await (await db.runAndReadAll(`SELECT * FROM read_parquet('${file}') ORDER BY channel_login`)).getRowObjectsJS();
  } finally {
    db.closeSync();
    instance.closeSync();
  }
}

describe("importTwitchDataset", () => {
  it("groups rows per streamer, user and day into curated presence, skipping and naming bad rows", async () => {
    const file = path.join(dir, "full_a.csv");
    await writeFile(file, CSV + "\n");
    const lake = new LocalLakeStore(path.join(dir, "lake"));
    const report = await importTwitchDataset(lake, file, { pseudonymKey: "k" });
    expect(report.rows).toBe(6);
    expect(report.skipped.count).toBe(3);
    expect(report.skipped.examples[0]).toMatch(new RegExp(`^${file.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}:6: `));
    expect(report.skipped.examples[1]).toMatch(/:8: /);
    expect(report.skipped.examples[2]).toMatch(/1 rows with negative or reversed times/);
    expect(report.days).toEqual(["2019-01-01", "2019-01-02"]);
    expect(report.users).toBe(4);
    expect(report.channels).toBe(3);
    expect(report.curatedRows).toBe(5);

    const day0 = await readParquet(lake.localPath("curated/presence/source=live/date=2019-01-01/part-00000.parquet"));
    const alpha1 = day0.find((r) => r.channel_login === "alpha" && r.user_key === pseudonymize("k", "twitch", "1"));
    expect(alpha1).toMatchObject({ platform: "twitch", windows: 2, active_buckets: 5, messages: 0, user_id: null });
    expect((alpha1?.first_seen as Date).toISOString()).toBe("2019-01-01T00:00:00.000Z");
    expect((alpha1?.last_seen as Date).toISOString()).toBe("2019-01-01T02:00:00.000Z");
    expect(day0.map((r) => r.channel_login)).toEqual(["alpha", "alpha", "gamma"]);
    const channels = await readParquet(lake.localPath("curated/channels/date=2019-01-02/part-00000.parquet"));
    expect(channels).toEqual([expect.objectContaining({ channel_login: "beta", users: 2, windows: 2 })]);
  });

  it("refuses to overwrite days already in the lake unless told to replace them", async () => {
    const file = path.join(dir, "a.csv");
    await writeFile(file, "1,1,alpha,0,1\n");
    const lake = new LocalLakeStore(path.join(dir, "lake"));
    await importTwitchDataset(lake, file, { pseudonymKey: "k" });
    await expect(importTwitchDataset(lake, file, { pseudonymKey: "k" })).rejects.toThrow(/already holds 1 of the imported days \(2019-01-01…2019-01-01\); pass --replace/);
    const again = await importTwitchDataset(lake, file, { pseudonymKey: "k", replace: true, startDate: "2019-01-01" });
    expect(again.rows).toBe(1);
    const moved = await importTwitchDataset(lake, file, { pseudonymKey: "k", startDate: "2020-06-01" });
    expect(moved.days).toEqual(["2020-06-01"]);
  });

  it("calls a file with no valid row an input error", async () => {
    const file = path.join(dir, "empty.csv");
    await writeFile(file, "");
    await expect(importTwitchDataset(new LocalLakeStore(path.join(dir, "lake")), file, { pseudonymKey: "k" })).rejects.toThrow(/twitch-dataset: .*empty\.csv has no valid rows/);
  });
});
