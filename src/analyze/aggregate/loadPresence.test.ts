import { mkdtemp, rename, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { DuckDBInstance } from "@duckdb/node-api";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { generateSynthetic, type SyntheticPresence, writeSyntheticCurated } from "../../../test/support/syntheticLake.js";
import { InputError, loadBotLists, ManualClock } from "../../core/index.js";
import { LocalLakeStore, openLake } from "../../lake/index.js";
import { startS3Server, useS3rverCredentials } from "../../../test/support/s3server.js";
import type { PresenceMatrix } from "../types.js";
import { loadPresence } from "./loadPresence.js";

const clock = new ManualClock(Date.parse("2025-03-05T12:00:00Z"));
const deps = { clock, env: {} };
let dir: string;
let lake: LocalLakeStore;
let data: SyntheticPresence;

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), "aggregate-"));
  lake = new LocalLakeStore(dir);
  data = generateSynthetic({ channels: 40, users: 4000, days: 10, communities: 4, bots: 6, seed: 3, start: "2025-03-01" });
  await writeSyntheticCurated(lake, data, { tempDir: dir });
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** What the data holds in a day window [from, to], counted directly from the generator's rows. */
function expected(from: number, to: number, dropUsers: (u: number) => boolean = () => false) {
  const cells = new Map<string, Set<number>>();
  const users = new Set<number>();
  const channels = new Set<number>();
  let rows = 0;
  for (let i = 0; i < data.rows.count; i++) {
    const d = data.rows.dayIdx[i];
    const u = data.rows.userIdx[i];
    if (d < from || d > to || dropUsers(u)) continue;
    const key = `${data.rows.channelIdx[i]}:${u}`;
    const days = cells.get(key) ?? new Set<number>();
    days.add(d);
    cells.set(key, days);
    users.add(u);
    channels.add(data.rows.channelIdx[i]);
    rows++;
  }
  return { cells, users, channels, rows };
}

/** Rewrites one day's curated/channels file in place through `select … ` (FROM the file is appended). */
async function rewriteChannels(store: LocalLakeStore, day: string, select: string): Promise<void> {
  const file = store.localPath(`curated/channels/date=${day}/part-00000.parquet`) as string;
  const instance = await DuckDBInstance.create(":memory:");
  const db = await instance.connect();
  try {
    await db.run(`COPY (${select} FROM read_parquet('${file}', hive_partitioning = false)) TO '${file}.new' (FORMAT parquet)`);
  } finally {
    db.closeSync();
    instance.closeSync();
  }
  await rename(`${file}.new`, file);
}

function channelSizes(m: PresenceMatrix): Map<string, number> {
  return new Map(m.channels.map((c, i) => [c.login, m.offsets[i + 1] - m.offsets[i]]));
}

const isListedBot = (u: number) => u >= data.humanCount && loadBotLists().service.has(data.botLogins[u - data.humanCount]);
const isBot = (u: number) => u >= data.humanCount;

describe("loadPresence", () => {
  it("reads every row of the window into a matrix with distinct days per cell", async () => {
    const m = await loadPresence(lake, { since: "2025-03-01", until: "2025-03-10", botFilter: "off" }, deps);
    const want = expected(0, 9);
    expect(m.report.rows).toBe(want.rows);
    expect(m.report.users).toBe(want.users.size);
    expect(m.report.channels).toBe(want.channels.size);
    expect(m.report.days).toBe(10);
    expect(m.report.bySource).toEqual({ live: { rows: want.rows, channels: want.channels.size, users: want.users.size } });
    expect(m.userCount).toBe(want.users.size);
    expect(m.userIndex.length).toBe(want.cells.size);
    let daySum = 0;
    for (const days of want.cells.values()) daySum += days.size;
    expect(m.days.reduce((a, b) => a + b, 0)).toBe(daySum);
    expect(m.channels.map((c) => c.login)).toEqual([...m.channels.map((c) => c.login)].sort());
    // Channel sizes are the unique users per channel.
    const login = (c: number) => data.channels[c].login;
    const sizes = new Map<string, number>();
    for (const key of want.cells.keys()) {
      const c = login(Number(key.split(":")[0]));
      sizes.set(c, (sizes.get(c) ?? 0) + 1);
    }
    expect(channelSizes(m)).toEqual(sizes);
  });

  it("takes channel info from curated/channels: most frequent game, language, highest viewers", async () => {
    const m = await loadPresence(lake, { since: "2025-03-01", until: "2025-03-10", botFilter: "off" }, deps);
    for (const info of m.channels) {
      const planted = data.channels.find((c) => c.login === info.login)!;
      expect(info.language).toBe(planted.language);
      expect([planted.game, "Just Chatting"]).toContain(info.gameName);
      expect(info.maxViewers).toBeGreaterThan(0);
      expect(info.displayName).toBe(planted.displayName);
    }
  });

  it("takes the latest day's display name, and reads curated/channels files written before display_name existed", async () => {
    const mixed = new LocalLakeStore(path.join(dir, "mixed"));
    await writeSyntheticCurated(mixed, data, { tempDir: dir, pseudonymKey: "k" });
    const [first, second] = data.channels;
    // 03-02: only the first channel has a (new) display name; 03-03: an old file without the column.
    await rewriteChannels(mixed, "2025-03-02", `SELECT * REPLACE (CASE WHEN channel_login = '${first.login}' THEN 'Renamed' END AS display_name)`);
    await rewriteChannels(mixed, "2025-03-03", "SELECT * EXCLUDE (display_name)");
    const names = async (since: string, until: string) => {
      const m = await loadPresence(mixed, { since, until, botFilter: "off", pseudonymKey: "k" }, deps);
      return new Map(m.channels.map((c) => [c.login, c.displayName]));
    };
    const window = await names("2025-03-01", "2025-03-03");
    expect(window.get(first.login)).toBe("Renamed");
    expect(window.get(second.login)).toBe(second.displayName);
    const oldOnly = await names("2025-03-03", "2025-03-03");
    expect(oldOnly.size).toBeGreaterThan(0);
    for (const [login, displayName] of oldOnly) expect(displayName).toBe(login);
  });

  it("respects the date window, from explicit days or days back from the clock", async () => {
    const m = await loadPresence(lake, { since: "2025-03-03", until: "2025-03-05", botFilter: "off" }, deps);
    const want = expected(2, 4);
    expect(m.report.rows).toBe(want.rows);
    expect(m.report.days).toBe(3);
    expect([m.since, m.until]).toEqual(["2025-03-03", "2025-03-05"]);
    const back = await loadPresence(lake, { days: 3, botFilter: "off" }, deps);
    expect([back.since, back.until]).toEqual(["2025-03-03", "2025-03-05"]);
    expect(back.report.rows).toBe(want.rows);
  });

  it("keeps the top N channels by unique users, and drops channels under min_channel_viewers", async () => {
    const all = channelSizes(await loadPresence(lake, { since: "2025-03-01", until: "2025-03-10", botFilter: "off" }, deps));
    const ranked = [...all].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
    const top = await loadPresence(lake, { since: "2025-03-01", until: "2025-03-10", botFilter: "off", topChannels: 5 }, deps);
    expect(top.channels.map((c) => c.login).sort()).toEqual(ranked.slice(0, 5).map(([l]) => l).sort());
    expect(top.report.filters.map((f) => [f.name, f.removedChannels])).toEqual([["top_channels", all.size - 5]]);
    const min = ranked[10][1];
    const atLeast = await loadPresence(lake, { since: "2025-03-01", until: "2025-03-10", botFilter: "off", minChannelViewers: min }, deps);
    expect(atLeast.channels.length).toBe(ranked.filter(([, n]) => n >= min).length);
  });

  it("drops listed bots (nightbot-like service accounts) by login_key and names those found", async () => {
    const m = await loadPresence(lake, { since: "2025-03-01", until: "2025-03-10", botFilter: "lists" }, deps);
    const want = expected(0, 9, isListedBot);
    const all = expected(0, 9);
    const listedNames = data.botLogins.filter((l) => loadBotLists().service.has(l)).sort();
    expect(listedNames.length).toBe(3);
    const [filter] = m.report.filters;
    expect(filter.name).toBe("bot lists");
    expect(filter.removedUsers).toBe(3);
    expect(filter.removedRows).toBe(all.rows - want.rows);
    expect(filter.detail).toBe(`3 listed bots found: ${listedNames.join(", ")}`);
    expect(m.userCount).toBe(want.users.size);
    expect(m.report.users).toBe(all.users.size);
  });

  it("matches extra bot_users by login too", async () => {
    const lurker = data.botLogins.find((l) => l.startsWith("synthetic_lurker_"))!;
    const m = await loadPresence(lake, { since: "2025-03-01", until: "2025-03-10", botFilter: "lists", botUsers: [lurker.toUpperCase()] }, deps);
    expect(m.report.filters[0].removedUsers).toBe(4);
    expect(m.report.filters[0].detail).toContain(lurker);
  });

  it("drops users present in more than bot_max_channel_share of the channels", async () => {
    const m = await loadPresence(lake, { since: "2025-03-01", until: "2025-03-10", botFilter: "heuristic" }, deps);
    const all = expected(0, 9);
    const degree = new Map<number, number>();
    for (const key of all.cells.keys()) {
      const u = Number(key.split(":")[1]);
      degree.set(u, (degree.get(u) ?? 0) + 1);
    }
    const dropped = [...degree].filter(([, n]) => n > 0.2 * all.channels.size).map(([u]) => u);
    expect(dropped.filter(isBot).length).toBe(data.botLogins.length);
    const [filter] = m.report.filters;
    expect(filter.name).toBe("bot heuristic");
    expect(filter.removedUsers).toBe(dropped.length);
    expect(filter.removedRows).toBe(all.rows - expected(0, 9, (u) => dropped.includes(u)).rows);
    // No user left is in more than 20% of the channels.
    const seen = new Int32Array(m.userCount);
    for (const u of m.userIndex) seen[u]++;
    expect(Math.max(...seen)).toBeLessThanOrEqual(0.2 * m.channels.length);
  });

  it("applies both filters by default, lists first", async () => {
    const m = await loadPresence(lake, { since: "2025-03-01", until: "2025-03-10" }, deps);
    expect(m.report.filters.map((f) => f.name)).toEqual(["bot lists", "bot heuristic"]);
    expect(m.report.filters[0].removedUsers).toBe(3);
    expect(m.report.filters[1].removedUsers).toBeGreaterThanOrEqual(3);
  });

  it("counts a day once when live and vod both saw the user, and reports each source", async () => {
    const both = new LocalLakeStore(path.join(dir, "two-sources"));
    await writeSyntheticCurated(both, data, { tempDir: dir, pseudonymKey: "k" });
    await writeSyntheticCurated(both, data, { tempDir: dir, pseudonymKey: "k", source: "vod" });
    const one = await loadPresence(lake, { since: "2025-03-01", until: "2025-03-10", botFilter: "off" }, deps);
    const m = await loadPresence(both, { since: "2025-03-01", until: "2025-03-10", botFilter: "off", pseudonymKey: "k" }, deps);
    expect(m.report.rows).toBe(2 * one.report.rows);
    expect(Object.keys(m.report.bySource).sort()).toEqual(["live", "vod"]);
    expect(m.report.bySource.vod.rows).toBe(one.report.rows);
    expect(m.days.reduce((a, b) => a + b, 0)).toBe(one.days.reduce((a, b) => a + b, 0));
    const only = await loadPresence(both, { since: "2025-03-01", until: "2025-03-10", botFilter: "off", sources: ["vod"] }, deps);
    expect(only.report.rows).toBe(one.report.rows);
  });

  it("downloads partitions through the LakeStore from an S3 lake (s3rver on loopback) and reads the same matrix", async () => {
    useS3rverCredentials();
    const s3 = await startS3Server();
    try {
      const remote = await openLake({ location: `s3://${s3.bucket}/atlas`, endpoint: s3.endpoint, forcePathStyle: true, region: s3.region });
      expect(remote.localPath("curated/presence/x")).toBeNull();
      await writeSyntheticCurated(remote, data, { tempDir: dir, pseudonymKey: "shared-key" });
      const local = new LocalLakeStore(path.join(dir, "same-key"));
      await writeSyntheticCurated(local, data, { tempDir: dir, pseudonymKey: "shared-key" });
      const options = { since: "2025-03-02", until: "2025-03-04", pseudonymKey: "shared-key" };
      const want = await loadPresence(local, options, deps);
      const got = await loadPresence(remote, options, { ...deps, tempDir: dir });
      expect(got.report).toEqual(want.report);
      expect(got.report.filters[0].removedUsers).toBe(3);
      expect(Array.from(got.offsets)).toEqual(Array.from(want.offsets));
      expect(got.channels).toEqual(want.channels);
    } finally {
      await s3.stop();
    }
  });

  it("skips an unreadable partition file and says so", async () => {
    const broken = new LocalLakeStore(path.join(dir, "broken"));
    await writeSyntheticCurated(broken, data, { tempDir: dir, pseudonymKey: "k" });
    await broken.put("curated/presence/source=live/date=2025-03-02/part-00000.parquet", "not parquet");
    const m = await loadPresence(broken, { since: "2025-03-01", until: "2025-03-03", botFilter: "off", pseudonymKey: "k" }, deps);
    expect(m.report.skipped).toEqual([{ what: "unreadable presence files", count: 1, examples: ["date=2025-03-02/part-00000.parquet"] }]);
    expect(m.report.days).toBe(2);
  });

  it("fails with a clear InputError on an empty window", async () => {
    const run = loadPresence(lake, { since: "2024-01-01", until: "2024-01-31" }, deps);
    await expect(run).rejects.toThrow(InputError);
    await expect(run).rejects.toThrow(`analyze: no presence between 2024-01-01 and 2024-01-31 in ${dir}; run collect or demo`);
  });
});
