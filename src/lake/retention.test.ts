import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { LakeError, ManualClock } from "../core/index.js";
import { startS3Server, type S3Server, useS3rverCredentials } from "../../test/support/s3server.js";
import type { LakeStore } from "./LakeStore.js";
import { LocalLakeStore } from "./local/LocalLakeStore.js";
import { pruneLake, runTimeMs } from "./retention.js";
import { S3LakeStore } from "./s3/S3LakeStore.js";

const NOW = new ManualClock(Date.parse("2024-05-10T12:00:00Z"));
const POLICY = { raw_days: 7, curated_days: 30, analysis_days: 14 };

const GONE = [
  "raw/snapshots/date=2024-05-01/channel=alpha/2024-05-01T10-00-00Z.json",
  "raw/snapshots/date=2024-05-02/channel=alpha/2024-05-02T10-00-00Z.json",
  "raw/snapshots/date=2024-05-02/channel=beta/2024-05-02T10-05-00Z.json",
  "curated/presence/source=live/date=2024-04-09/part-00000.parquet",
  "curated/presence/source=vod/date=2024-04-09/part-00000.parquet",
  "curated/channels/date=2024-04-01/part-00000.parquet",
  "analysis/run=2024-04-01T00-00-00Z/nodes.csv",
  "analysis/run=2024-04-01T00-00-00Z/summary.json",
];
const KEPT = [
  "raw/snapshots/date=2024-05-03/channel=alpha/2024-05-03T00-00-00Z.json",
  "raw/snapshots/date=2024-05-10/channel=alpha/2024-05-10T11-55-00Z.json",
  // Written now (real time), so newer than the fixed clock's cutoff.
  "raw/vod_chat/vod=99/chat.json",
  "curated/presence/source=live/date=2024-04-10/part-00000.parquet",
  "curated/channels/date=2024-05-01/part-00000.parquet",
  // Old, but the run latest.json names.
  "analysis/run=2024-04-02T00-00-00Z/summary.json",
  "analysis/run=2024-05-01T00-00-00Z/summary.json",
  "analysis/run=not-a-time/summary.json",
  "analysis/latest.json",
  "state/compaction/date=2024-01-01.json",
];

async function fill(lake: LakeStore): Promise<void> {
  for (const key of [...GONE, ...KEPT]) {
    const body = key === "analysis/latest.json" ? JSON.stringify({ runId: "2024-04-02T00-00-00Z", prefix: "analysis/run=2024-04-02T00-00-00Z/" }) : "12345";
    await lake.put(key, body);
  }
}

async function keysOf(lake: LakeStore): Promise<string[]> {
  const keys: string[] = [];
  for await (const o of lake.list("")) keys.push(o.key);
  return keys;
}

const sorted = (keys: string[]) => [...keys].sort();

let s3: S3Server;
let lakes = 0;
beforeAll(async () => {
  useS3rverCredentials();
  s3 = await startS3Server();
});
afterAll(async () => {
  await s3?.stop();
});

const backends: [string, () => Promise<LakeStore>][] = [
  ["local", async () => new LocalLakeStore(await mkdtemp(path.join(os.tmpdir(), "vieweratlas-retention-")))],
  ["S3", async () => new S3LakeStore(`s3://${s3.bucket}/retention/t${++lakes}`, { endpoint: s3.endpoint, forcePathStyle: true })],
];

describe.each(backends)("pruneLake on %s", (_name, makeLake) => {
  let lake: LakeStore;
  beforeEach(async () => {
    lake = await makeLake();
    await fill(lake);
    return async () => {
      if (lake instanceof LocalLakeStore) await rm(lake.root, { recursive: true, force: true });
    };
  });

  it("deletes old day partitions and runs, keeps the rest and the run latest.json names", async () => {
    const report = await pruneLake(lake, POLICY, NOW);
    expect(sorted(await keysOf(lake))).toEqual(sorted(KEPT));
    expect(report).toEqual({
      dryRun: false,
      keepFrom: { raw: "2024-05-03", curated: "2024-04-10", analysis: "2024-04-26T12:00:00.000Z" },
      raw: { partitions: 2, objects: 3, bytes: 15 },
      curated: { partitions: 3, objects: 3, bytes: 15 },
      analysis: { partitions: 1, objects: 2, bytes: 10 },
      latestRun: "2024-04-02T00-00-00Z",
    });
  });

  it("counts the same in a dry run and deletes nothing", async () => {
    const report = await pruneLake(lake, POLICY, NOW, { dryRun: true });
    expect(sorted(await keysOf(lake))).toEqual(sorted([...GONE, ...KEPT]));
    expect(report.dryRun).toBe(true);
    expect([report.raw.objects, report.curated.objects, report.analysis.objects]).toEqual([3, 3, 2]);
  });

  it("keeps everything forever when every area is 0 days", async () => {
    const report = await pruneLake(lake, { raw_days: 0, curated_days: 0, analysis_days: 0 }, NOW);
    expect(sorted(await keysOf(lake))).toEqual(sorted([...GONE, ...KEPT]));
    expect(report.keepFrom).toEqual({ raw: null, curated: null, analysis: null });
    expect(report.raw.objects + report.curated.objects + report.analysis.objects).toBe(0);
  });

  it("deletes downloaded VOD chat last modified before the first kept raw day", async () => {
    // VOD chat keys carry no day, so its age is the object's modification time: now (real time) here.
    const later = new ManualClock(Date.now() + 30 * 86_400_000);
    const report = await pruneLake(lake, { raw_days: 7, curated_days: 0, analysis_days: 0 }, later, { dryRun: true });
    expect(report.raw.partitions).toBe(4 + 1);
    expect(report.raw.objects).toBe(5 + 1);
    await pruneLake(lake, { raw_days: 7, curated_days: 0, analysis_days: 0 }, later);
    expect(await lake.get("raw/vod_chat/vod=99/chat.json")).toBeNull();
    expect(await keysOf(lake)).not.toContain("raw/snapshots/date=2024-05-10/channel=alpha/2024-05-10T11-55-00Z.json");
  });

  it("stops before deleting anything when latest.json names no run", async () => {
    await lake.put("analysis/latest.json", "{ not json");
    await expect(pruneLake(lake, POLICY, NOW)).rejects.toThrow(LakeError);
    await expect(pruneLake(lake, POLICY, NOW)).rejects.toThrow(/retention: analysis\/latest.json in .* names no run/);
    expect(sorted(await keysOf(lake))).toEqual(sorted([...GONE, ...KEPT]));
  });
});

describe("retention details", () => {
  it("reads run ids written by keyTime and refuses others", () => {
    expect(runTimeMs("2024-04-01T06-30-00Z")).toBe(Date.parse("2024-04-01T06:30:00Z"));
    expect(runTimeMs("latest")).toBeNull();
    expect(runTimeMs("2024-13-45T99-00-00Z")).toBeNull();
  });

  it("rejects a negative number of days", async () => {
    const lake = new LocalLakeStore(path.join(os.tmpdir(), "vieweratlas-never-created"));
    await expect(pruneLake(lake, { raw_days: -1, curated_days: 0, analysis_days: 0 }, NOW)).rejects.toThrow(/retention: raw_days must be/);
  });
});
