/**
 * Two writers never both create one key. Locally, 50 processes race on link(2); on S3 the guarantee is the
 * server's (a conditional PUT with If-None-Match: *), so the test checks the header goes out on the wire and
 * states what the loopback server does with it.
 */
import { type ChildProcess, fork } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { type SeenRequest, startS3Server, type S3Server, useS3rverCredentials } from "../../test/support/s3server.js";
import type { WorkerReport } from "../../test/support/putIfAbsentWorker.js";
import { LocalLakeStore } from "./local/LocalLakeStore.js";
import { S3LakeStore } from "./s3/S3LakeStore.js";

const WORKER = fileURLToPath(new URL("../../test/support/putIfAbsentWorker.ts", import.meta.url));
const WRITERS = 50;
// NOTE: `--import tsx` costs each process ~0.5 s of CPU before it runs a line (25 s for 50 writers on a
// 2-core machine); the worker is bundled once with esbuild instead, so each writer starts as plain node.
// Packages stay external and resolve from the repo's node_modules, where the bundle is written. The lake
// takes only LakeError from core, so core's face resolves to core/errors.ts and the writers skip loading
// zod, pino and yaml (0.07 s instead of 0.16 s of CPU each); a new core import would fail the build loudly.
const WORKER_BUNDLE = fileURLToPath(new URL("../../node_modules/.cache/vieweratlas-test/putIfAbsentWorker.mjs", import.meta.url));
const CORE_ERRORS = fileURLToPath(new URL("../core/errors.ts", import.meta.url));

beforeAll(async () => {
  await build({
    entryPoints: [WORKER],
    outfile: WORKER_BUNDLE,
    bundle: true,
    platform: "node",
    format: "esm",
    packages: "external",
    logLevel: "silent",
    plugins: [{ name: "core-errors-only", setup: (b) => void b.onResolve({ filter: /\/core\/index\.js$/ }, () => ({ path: CORE_ERRORS })) }],
  });
});

/** Forks the writers, waits until every one is ready, releases them together, and collects their reports. */
async function raceProcesses(root: string, key: string, writers: number): Promise<WorkerReport[]> {
  const children: ChildProcess[] = [];
  const ready: Promise<void>[] = [];
  const reports: Promise<WorkerReport>[] = [];
  for (let i = 0; i < writers; i++) {
    const child = fork(WORKER_BUNDLE, [root, key], { execArgv: [], stdio: ["ignore", "ignore", "inherit", "ipc"] });
    children.push(child);
    const exited = new Promise<never>((_, reject) => child.once("exit", (code) => reject(new Error(`writer ${child.pid} exited with ${code} before reporting`))));
    ready.push(Promise.race([new Promise<void>((resolve) => child.once("message", () => resolve())), exited]));
    reports.push(
      Promise.race([
        new Promise<WorkerReport>((resolve) => child.on("message", (m) => typeof m === "object" && resolve(m as WorkerReport))),
        exited,
      ]),
    );
  }
  try {
    await Promise.all(ready);
    for (const child of children) child.send("go");
    return await Promise.all(reports);
  } finally {
    for (const child of children) if (child.exitCode === null) child.kill();
  }
}

describe("put-if-absent under concurrency", () => {
  const cleanups: (() => Promise<void>)[] = [];
  afterEach(async () => {
    while (cleanups.length) await cleanups.pop()!();
  });

  it(`lets exactly one of ${WRITERS} separate processes create a key in a local lake, and keeps the winner's content`, async () => {
    const root = await mkdtemp(path.join(os.tmpdir(), "vieweratlas-race-"));
    cleanups.push(() => rm(root, { recursive: true, force: true }));
    const reports = await raceProcesses(root, "state/pseudonym.key", WRITERS);
    expect(reports.filter((r) => r.error)).toEqual([]);
    expect(new Set(reports.map((r) => r.pid)).size).toBe(WRITERS);
    const winners = reports.filter((r) => r.won);
    expect(winners).toHaveLength(1);
    const lake = new LocalLakeStore(root);
    expect(Buffer.from((await lake.get("state/pseudonym.key")) ?? []).toString()).toBe(winners[0].body);
    const left: string[] = [];
    for await (const o of lake.list("")) left.push(o.key);
    expect(left).toEqual(["state/pseudonym.key"]);
  });

  describe("on S3", () => {
    async function s3Lake(options: { conditionalWrites: "s3" | "ignore"; onRequest?: (r: SeenRequest) => void }): Promise<{ server: S3Server; location: string }> {
      useS3rverCredentials();
      const server = await startS3Server(options);
      cleanups.push(() => server.stop());
      return { server, location: `s3://${server.bucket}/race` };
    }
    const open = (server: S3Server, location: string) => new S3LakeStore(location, { endpoint: server.endpoint, forcePathStyle: true });

    it("sends put-if-absent as a PutObject with If-None-Match: * (seen by the server), and a plain put without it", async () => {
      const seen: SeenRequest[] = [];
      const { server, location } = await s3Lake({ conditionalWrites: "s3", onRequest: (r) => seen.push(r) });
      const lake = open(server, location);
      await lake.putIfAbsent("state/lock.json", "a");
      await lake.put("state/plain.json", "b");
      const puts = seen.filter((r) => r.method === "PUT");
      expect(puts.map((r) => [r.url.split("?")[0], r.headers["if-none-match"]])).toEqual([
        [`/${server.bucket}/race/state/lock.json`, "*"],
        [`/${server.bucket}/race/state/plain.json`, undefined],
      ]);
    });

    it("cannot be enforced by plain s3rver, which ignores If-None-Match: there two writers both 'win' (real S3 answers 412 since Aug 2024)", async () => {
      // This pins down the loopback server's limit, not a property of S3LakeStore: s3rver 3.7 overwrites
      // the object whatever If-None-Match says. Real S3 (and MinIO) refuse the second write with 412.
      const { server, location } = await s3Lake({ conditionalWrites: "ignore" });
      const lake = open(server, location);
      expect(await lake.putIfAbsent("state/lock.json", "first")).toBe(true);
      expect(await lake.putIfAbsent("state/lock.json", "second")).toBe(true);
      expect(Buffer.from((await lake.get("state/lock.json")) ?? []).toString()).toBe("second");
    });

    it(`lets exactly one of ${WRITERS} concurrent writers win when the server applies S3's conditional-write rules (412 / 409)`, async () => {
      const { server, location } = await s3Lake({ conditionalWrites: "s3" });
      // One client per writer, so each has its own connection and the requests really overlap at the server.
      const writers = Array.from({ length: WRITERS }, (_, i) => ({ lake: open(server, location), body: `writer ${i}` }));
      const results = await Promise.all(writers.map(async (w) => ({ body: w.body, won: await w.lake.putIfAbsent("state/lock.json", w.body) })));
      const winners = results.filter((r) => r.won);
      expect(winners).toHaveLength(1);
      expect(Buffer.from((await writers[0].lake.get("state/lock.json")) ?? []).toString()).toBe(winners[0].body);
    });
  });
});
