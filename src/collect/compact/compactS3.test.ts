import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type LakeStore, LocalLakeStore, openLake } from "../../lake/index.js";
import { readCuratedRows } from "../../../test/support/curatedRows.js";
import { channelDayWindows } from "../../../test/support/presenceWindows.js";
import { startS3Server, type S3Server, useS3rverCredentials } from "../../../test/support/s3server.js";
import { writeRawWindow } from "../rawWriter.js";
import { compactLake } from "./compactLake.js";

const ENV = { VIEWERATLAS_PSEUDONYM_KEY: "s3-test-key" };
const WINDOWS = { channels: 50, days: 4, windowsPerChannelDay: 50, audiencePerChannelDay: 40, usersPerWindow: 8, firstDay: "2024-04-01", seed: 3 };

/** Writes every window through the raw writer, `concurrency` at a time; returns how many were created. */
async function writeAll(lake: LakeStore, concurrency: number): Promise<number> {
  let created = 0;
  const inFlight = new Set<Promise<void>>();
  for (const window of channelDayWindows(WINDOWS)) {
    const p: Promise<void> = writeRawWindow(lake, window).then((r) => {
      if (r.created) created++;
      inFlight.delete(p);
    });
    inFlight.add(p);
    if (inFlight.size >= concurrency) await Promise.race(inFlight);
  }
  await Promise.all(inFlight);
  return created;
}

describe("compaction on a local folder and on S3", () => {
  let server: S3Server;
  let dir: string;
  beforeAll(async () => {
    useS3rverCredentials();
    server = await startS3Server();
    dir = await mkdtemp(path.join(tmpdir(), "compact-s3-"));
  });
  afterAll(async () => {
    await server?.stop();
    await rm(dir, { recursive: true, force: true });
  });

  it("gives the same curated rows from 10,000 windows written through the lake API", async () => {
    const local = new LocalLakeStore(dir);
    const s3 = await openLake({ location: `s3://${server.bucket}/lake`, endpoint: server.endpoint, forcePathStyle: true, region: server.region });
    expect(await writeAll(local, 16)).toBe(10_000);
    expect(await writeAll(s3, 8)).toBe(10_000);

    const localReport = await compactLake(local, {}, { env: ENV });
    const s3Report = await compactLake(s3, {}, { env: ENV });
    expect(localReport.windowsRead).toBe(10_000);
    expect(s3Report).toMatchObject({ daysRebuilt: localReport.daysRebuilt, windowsRead: 10_000, rowsWritten: localReport.rowsWritten, malformed: [] });

    const localRows = await readCuratedRows(local);
    const s3Rows = await readCuratedRows(s3);
    expect(localRows.presence).toHaveLength(localReport.rowsWritten.presence);
    expect(localRows.channels).toHaveLength(200);
    expect(s3Rows).toEqual(localRows);

    // Incremental on S3 too: nothing new, nothing rebuilt.
    expect((await compactLake(s3, {}, { env: ENV })).daysRebuilt).toEqual([]);
  }, 300_000); // 20,000 requests to s3rver, a single-threaded JS server, dominate
});
