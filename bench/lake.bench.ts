/**
 * Lake backends: put, list and prune of N small raw-window-sized objects (2 KB) spread over 10 day
 * partitions, on the local folder backend and on S3 through s3rver on loopback (the S3 figures measure the
 * SDK plus s3rver, a slow file-backed server, not AWS), plus streaming a 64 MB object in and out.
 * `BENCH_LAKE_OBJECTS` sets N (default 20,000 local, a tenth of it on S3).
 */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { Readable } from "node:stream";
import { ManualClock } from "../src/core/index.js";
import { type LakeStore, LocalLakeStore, pruneLake, S3LakeStore } from "../src/lake/index.js";
import { startS3Server, useS3rverCredentials } from "../test/support/s3server.js";
import { figure, report } from "./lib.js";

const N = Number(process.env.BENCH_LAKE_OBJECTS ?? "20000");
const body = "x".repeat(2048);

async function putAll(lake: LakeStore, keys: string[], concurrency: number): Promise<void> {
  let next = 0;
  await Promise.all(Array.from({ length: concurrency }, async () => {
    while (next < keys.length) await lake.put(keys[next++], body);
  }));
}

async function bench(name: string, lake: LakeStore, n: number): Promise<void> {
  const keys = Array.from({ length: n }, (_, i) => `raw/snapshots/date=2024-05-${String((i % 10) + 1).padStart(2, "0")}/channel=c${i % 500}/w-${i}.json`);
  const size = `${n}obj-2KB`;
  const put = await figure(`lake/${name}/put`, size, () => putAll(lake, keys, 32));
  report({ ...put.figure, throughput: { value: Math.round(n / put.figure.seconds), unit: "puts/s" } });
  const list = await figure(`lake/${name}/list`, size, async () => {
    let count = 0;
    for await (const _ of lake.list("raw/")) count++;
    return count;
  });
  report({ ...list.figure, throughput: { value: Math.round(list.result / list.figure.seconds), unit: "keys/s" } });
  // Keep 5 of the 10 days: half the objects go, through deleteMany.
  const clock = new ManualClock(Date.parse("2024-05-10T12:00:00Z"));
  const prune = await figure(`lake/${name}/prune-half`, size, () => pruneLake(lake, { raw_days: 4, curated_days: 0, analysis_days: 0 }, clock));
  report({ ...prune.figure, throughput: { value: Math.round(prune.result.raw.objects / prune.figure.seconds), unit: "deletes/s" } });
  const mb = 64;
  const chunk = Buffer.alloc(1024 * 1024, 7);
  const stream = await figure(`lake/${name}/stream-in-out`, `${mb}MB`, async () => {
    await lake.putStream("raw/vod_chat/vod=1/chat.json", Readable.from(Array.from({ length: mb }, () => chunk)));
    let bytes = 0;
    for await (const c of await lake.getStream("raw/vod_chat/vod=1/chat.json")) bytes += (c as Buffer).length;
    return bytes;
  });
  report({ ...stream.figure, throughput: { value: Math.round((2 * mb) / stream.figure.seconds), unit: "MB/s" } });
}

const dir = await mkdtemp(path.join(tmpdir(), "bench-lake-"));
useS3rverCredentials();
const server = await startS3Server();
try {
  await bench("local", new LocalLakeStore(path.join(dir, "lake")), N);
  await bench("s3rver", new S3LakeStore(`s3://${server.bucket}/bench`, { endpoint: server.endpoint, forcePathStyle: true }), Math.round(N / 10));
} finally {
  await server.stop();
  await rm(dir, { recursive: true, force: true });
}
