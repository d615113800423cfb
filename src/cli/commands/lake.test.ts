import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { LocalLakeStore, openLake } from "../../lake/index.js";
import { captureEffects } from "../../../test/support/cliEffects.js";
import { S3RVER_CREDENTIALS, startS3Server, type S3Server } from "../../../test/support/s3server.js";
import { main } from "../main.js";

function captured(env: NodeJS.ProcessEnv, cwd: string) {
  const c = captureEffects({ env, cwd, startMs: Date.parse("2024-05-10T12:00:00Z") });
  return { effects: c.effects, out: () => c.stdout.text(), err: () => c.stderr.text() };
}

const run = (args: string[], c: ReturnType<typeof captured>) => main(["node", "vieweratlas", ...args, "--log-level", "silent"], c.effects);

describe("vieweratlas lake", () => {
  let dir: string;
  let s3: S3Server;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), "cli-lake-"));
    s3 = await startS3Server();
  });
  afterAll(async () => {
    await s3?.stop();
    await rm(dir, { recursive: true, force: true });
  });

  it("lists keys with sizes under a prefix, and the total on stderr", async () => {
    const lake = new LocalLakeStore(path.join(dir, "ls-lake"));
    await lake.put("raw/snapshots/date=2024-05-01/channel=a/w.json", "12345");
    await lake.put("raw/snapshots/date=2024-05-02/channel=a/w.json", "123");
    await lake.put("analysis/latest.json", "{}");
    const c = captured({}, dir);
    expect(await run(["lake", "ls", "raw/", "--lake", "ls-lake"], c)).toBe(0);
    expect(c.out().split("\n").filter(Boolean).map((l) => l.trim().split(/\s+/))).toEqual([
      ["5", "raw/snapshots/date=2024-05-01/channel=a/w.json"],
      ["3", "raw/snapshots/date=2024-05-02/channel=a/w.json"],
    ]);
    expect(c.err()).toContain("2 objects, 8 B under");
  });

  it("prunes by the configured retention, first as a dry run", async () => {
    const lake = new LocalLakeStore(path.join(dir, "prune-lake"));
    await lake.put("raw/snapshots/date=2024-05-01/channel=a/w.json", "old");
    await lake.put("raw/snapshots/date=2024-05-09/channel=a/w.json", "new");
    const dry = captured({ VIEWERATLAS_RETENTION_RAW_DAYS: "3" }, dir);
    expect(await run(["lake", "prune", "--dry-run", "--lake", "prune-lake"], dry)).toBe(0);
    expect(dry.out()).toContain("dry run, nothing deleted");
    expect(dry.out()).toContain("raw: would delete 1 day partitions, 1 objects, 3 B; keeping from 2024-05-07");
    expect(dry.out()).toContain("curated: kept forever (0 days)");
    expect(await lake.get("raw/snapshots/date=2024-05-01/channel=a/w.json")).not.toBeNull();

    const real = captured({}, dir);
    expect(await run(["lake", "prune", "--json", "--lake", "prune-lake", "--set", "retention.raw_days=3"], real)).toBe(0);
    expect(JSON.parse(real.out())).toMatchObject({ dryRun: false, raw: { partitions: 1, objects: 1 } });
    expect(await lake.get("raw/snapshots/date=2024-05-01/channel=a/w.json")).toBeNull();
    expect(await lake.get("raw/snapshots/date=2024-05-09/channel=a/w.json")).not.toBeNull();
  });

  it("works on an s3:// lake with the endpoint and path style from the config", async () => {
    const env = {
      AWS_ACCESS_KEY_ID: S3RVER_CREDENTIALS.accessKeyId,
      AWS_SECRET_ACCESS_KEY: S3RVER_CREDENTIALS.secretAccessKey,
      VIEWERATLAS_STORAGE_ENDPOINT: s3.endpoint,
      VIEWERATLAS_STORAGE_FORCE_PATH_STYLE: "true",
    };
    // The CLI reads credentials from its effects' env; the SDK's default chain reads process.env.
    Object.assign(process.env, { AWS_ACCESS_KEY_ID: env.AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY: env.AWS_SECRET_ACCESS_KEY });
    const lake = await openLake({ location: `s3://${s3.bucket}/cli`, endpoint: s3.endpoint, forcePathStyle: true });
    await lake.put("curated/channels/date=2024-05-01/part-00000.parquet", "pq");
    const c = captured(env, dir);
    expect(await run(["lake", "ls", "--lake", `s3://${s3.bucket}/cli`], c)).toBe(0);
    expect(c.out().trim().split(/\s+/)).toEqual(["2", "curated/channels/date=2024-05-01/part-00000.parquet"]);
    expect(c.err()).toContain(`1 objects, 2 B under s3://${s3.bucket}/cli/`);
  });

  it("exits with the lake's code and one line for a prefix that escapes the lake", async () => {
    const c = captured({}, dir);
    expect(await run(["lake", "ls", "../", "--lake", "ls-lake"], c)).toBe(4);
    expect(c.err()).toBe('error: lake: invalid prefix "../"\n');
  });
});
