import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { pseudonymize, PUBLIC_PSEUDONYM_KEY } from "../../core/index.js";
import { LocalLakeStore, PSEUDONYM_KEY } from "../../lake/index.js";
import { readCuratedRows } from "../../../test/support/curatedRows.js";
import { liveWindow, presenceUser, vodWindow } from "../../../test/support/presenceWindows.js";
import { writeRawWindow } from "../rawWriter.js";
import { compactLake } from "./compactLake.js";
import { manifestKey } from "./manifest.js";

const KEY = "test-key-one";
const ENV = { VIEWERATLAS_PSEUDONYM_KEY: KEY };

describe("compactLake", () => {
  let dir: string;
  let lake: LocalLakeStore;
  beforeEach(async () => {
    dir = await mkdtemp(path.join(tmpdir(), "compact-"));
    lake = new LocalLakeStore(dir);
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));

  async function keys(prefix: string): Promise<string[]> {
    const out: string[] = [];
    for await (const o of lake.list(prefix)) out.push(o.key);
    return out;
  }

  it("merges two windows of one day into one list with first, last, messages, windows and buckets right", async () => {
    await writeRawWindow(lake, liveWindow("chan", "2024-03-01T10:00:00Z", [
      presenceUser("1", "alice", 2, 30, 100, [0, 1]),
      presenceUser("2", "bob", 1, 200, 200, [3]),
    ], { gameId: "g1", gameName: "Chess", language: "en", viewerCount: 50, title: "first" }));
    await writeRawWindow(lake, liveWindow("chan", "2024-03-01T10:05:00Z", [
      presenceUser("1", "alice", 3, 10, 250, [0, 4]),
    ], { gameId: "g2", gameName: "Go", language: "en", viewerCount: 70, title: "second" }));
    await writeRawWindow(lake, liveWindow("chan", "2024-03-01T10:10:00Z", [], { gameId: "g1", gameName: "Chess", viewerCount: 60, title: null }));

    const report = await compactLake(lake, { pseudonymize: false }, { env: {} });
    expect(report).toMatchObject({ daysSeen: 1, daysRebuilt: ["2024-03-01"], windowsRead: 3, malformed: [], rowsWritten: { presence: 2, channels: 1 } });

    const { presence, channels } = await readCuratedRows(lake);
    expect(presence).toHaveLength(2);
    expect(presence.every((r) => r.source === "live" && r.date === "2024-03-01" && r.channel_login === "chan" && r.channel_id === "id-chan")).toBe(true);
    const alice = presence.find((r) => r.user_id === "1");
    const bob = presence.find((r) => r.user_id === "2");
    expect(alice).toMatchObject({ user_login: "alice", first_seen: "2024-03-01 10:00:30", last_seen: "2024-03-01 10:09:10", messages: 5, windows: 2, active_buckets: 4 }); // buckets 10:00, 10:01, 10:05, 10:09
    expect(bob).toMatchObject({ user_login: "bob", first_seen: "2024-03-01 10:03:20", last_seen: "2024-03-01 10:03:20", messages: 1, windows: 1, active_buckets: 1 });
    expect(alice?.user_key).toBe(String(pseudonymize(PUBLIC_PSEUDONYM_KEY, "twitch", "1")));
    expect(alice?.login_key).toBe(String(pseudonymize(PUBLIC_PSEUDONYM_KEY, "twitch", "alice")));
    expect(channels).toEqual([{
      date: "2024-03-01", platform: "twitch", channel_login: "chan", channel_id: "id-chan", game_id: "g1", game_name: "Chess",
      language: "en", max_viewers: 70, title: "second", windows: 3, users: 2, display_name: null,
    }]);
  });

  it("keeps the last display name seen that day, and compacts old raw windows that have no displayName", async () => {
    await writeRawWindow(lake, liveWindow("xqcow", "2024-03-01T10:00:00Z", [presenceUser("1", "a", 1, 0, 0, [0])], { displayName: "XQCOW" }));
    await writeRawWindow(lake, liveWindow("xqcow", "2024-03-01T10:05:00Z", [presenceUser("1", "a", 1, 0, 0, [0])], { displayName: "xQcOW" }));
    await writeRawWindow(lake, liveWindow("xqcow", "2024-03-01T10:10:00Z", [presenceUser("2", "b", 1, 0, 0, [0])], { displayName: null }));
    // A window as written before displayName existed: the key is absent from meta.
    await writeRawWindow(lake, liveWindow("oldchan", "2024-03-01T11:00:00Z", [presenceUser("3", "c", 1, 0, 0, [0])]));
    const prefix = "raw/snapshots/date=2024-03-01/channel=oldchan/";
    const [oldKey] = await keys(prefix);
    const stored = JSON.parse(Buffer.from((await lake.get(oldKey)) as Uint8Array).toString("utf8"));
    delete stored.meta.displayName;
    await lake.delete(oldKey);
    await lake.put(oldKey, JSON.stringify(stored));

    const report = await compactLake(lake, {}, { env: ENV });
    expect(report).toMatchObject({ windowsRead: 4, malformed: [], rowsWritten: { channels: 2 } });
    const { channels } = await readCuratedRows(lake);
    expect(channels.map((r) => [r.channel_login, r.display_name, r.users])).toEqual([["oldchan", null, 1], ["xqcow", "xQcOW", 2]]);
  });

  it("writes two days as two partitions and VOD windows to source=vod", async () => {
    await writeRawWindow(lake, liveWindow("chan", "2024-03-01T10:00:00Z", [presenceUser("1", "a", 1, 0, 0, [0])]));
    await writeRawWindow(lake, liveWindow("chan", "2024-03-02T10:00:00Z", [presenceUser("1", "a", 1, 0, 0, [0])]));
    // Starts 2024-03-02T01:05:00Z: the VOD began the day before, the window lands on its absolute day.
    await writeRawWindow(lake, vodWindow("chan", "v1", "2024-03-01T23:00:00Z", 7500, [presenceUser("2", "b", 4, 60, 70, [1])]));
    const report = await compactLake(lake, {}, { env: ENV });
    expect(report.daysRebuilt).toEqual(["2024-03-01", "2024-03-02"]);
    expect(await keys("curated/")).toEqual([
      "curated/channels/date=2024-03-01/part-00000.parquet",
      "curated/channels/date=2024-03-02/part-00000.parquet",
      "curated/presence/source=live/date=2024-03-01/part-00000.parquet",
      "curated/presence/source=live/date=2024-03-02/part-00000.parquet",
      "curated/presence/source=vod/date=2024-03-02/part-00000.parquet",
    ]);
    const { presence, channels } = await readCuratedRows(lake);
    expect(presence.map((r) => [r.source, r.date, r.first_seen])).toEqual([
      ["live", "2024-03-01", "2024-03-01 10:00:00"],
      ["live", "2024-03-02", "2024-03-02 10:00:00"],
      ["vod", "2024-03-02", "2024-03-02 01:06:00"],
    ]);
    expect(channels.map((r) => [r.date, r.users, r.windows])).toEqual([["2024-03-01", 1, 1], ["2024-03-02", 2, 2]]);
  });

  it("pseudonymises users with the lake's key: stable per key, different with another key, no ids kept", async () => {
    await writeRawWindow(lake, liveWindow("chan", "2024-03-01T10:00:00Z", [presenceUser("42", "carol", 1, 0, 0, [0])]));
    await compactLake(lake, {}, { env: ENV });
    const [row] = (await readCuratedRows(lake)).presence;
    expect(row.user_id).toBeNull();
    expect(row.user_login).toBeNull();
    expect(row.user_key).toBe(String(pseudonymize(KEY, "twitch", "42")));
    expect(row.login_key).toBe(String(pseudonymize(KEY, "twitch", "carol")));

    // Another key changes the settings fingerprint, so the day is rebuilt with new keys.
    const report = await compactLake(lake, {}, { env: { VIEWERATLAS_PSEUDONYM_KEY: "test-key-two" } });
    expect(report.daysRebuilt).toEqual(["2024-03-01"]);
    const [other] = (await readCuratedRows(lake)).presence;
    expect(other.user_key).toBe(String(pseudonymize("test-key-two", "twitch", "42")));
    expect(other.user_key).not.toBe(row.user_key);
  });

  it("generates the key once and keeps it in the lake when the environment has none", async () => {
    await writeRawWindow(lake, liveWindow("chan", "2024-03-01T10:00:00Z", [presenceUser("42", "carol", 1, 0, 0, [0])]));
    await compactLake(lake, {}, { env: {} });
    const stored = (await readFile(path.join(dir, ...PSEUDONYM_KEY.split("/")), "utf8")).trim();
    expect(stored).toMatch(/^[0-9a-f]{64}$/);
    const [row] = (await readCuratedRows(lake)).presence;
    expect(row.user_key).toBe(String(pseudonymize(stored, "twitch", "42")));
    expect((await compactLake(lake, {}, { env: {} })).daysRebuilt).toEqual([]);
  });

  it("is idempotent: a second run rebuilds nothing and leaves the files byte-identical", async () => {
    for (let i = 0; i < 4; i++) {
      await writeRawWindow(lake, liveWindow("chan", `2024-03-0${1 + (i % 2)}T10:0${i}:00Z`, [presenceUser(String(i), `u${i}`, 1, 0, 0, [0])]));
    }
    await compactLake(lake, {}, { env: ENV });
    const files = await keys("curated/");
    const before = await Promise.all(files.map((k) => lake.get(k)));
    const again = await compactLake(lake, {}, { env: ENV });
    expect(again).toMatchObject({ daysSeen: 2, daysRebuilt: [], daysUnchanged: 2, windowsRead: 0 });
    expect(await keys("curated/")).toEqual(files);
    expect(await Promise.all(files.map((k) => lake.get(k)))).toEqual(before);
    // --full rebuilds, and deterministic output gives the same bytes.
    const full = await compactLake(lake, { full: true }, { env: ENV });
    expect(full.daysRebuilt).toEqual(["2024-03-01", "2024-03-02"]);
    expect(await Promise.all(files.map((k) => lake.get(k)))).toEqual(before);
  });

  it("is incremental: a new window rebuilds only its day, and --days limits the days considered", async () => {
    await writeRawWindow(lake, liveWindow("chan", "2024-03-01T10:00:00Z", [presenceUser("1", "a", 1, 0, 0, [0])]));
    await writeRawWindow(lake, liveWindow("chan", "2024-03-02T10:00:00Z", [presenceUser("1", "a", 1, 0, 0, [0])]));
    await compactLake(lake, {}, { env: ENV });
    await writeRawWindow(lake, liveWindow("chan", "2024-03-02T11:00:00Z", [presenceUser("2", "b", 1, 0, 0, [0])]));
    const report = await compactLake(lake, {}, { env: ENV });
    expect(report).toMatchObject({ daysRebuilt: ["2024-03-02"], daysUnchanged: 1, windowsRead: 2 });
    expect((await readCuratedRows(lake)).presence.filter((r) => r.date === "2024-03-02")).toHaveLength(2);

    await writeRawWindow(lake, liveWindow("chan", "2024-03-01T12:00:00Z", [presenceUser("3", "c", 1, 0, 0, [0])]));
    const limited = await compactLake(lake, { days: ["2024-03-02"] }, { env: ENV });
    expect(limited).toMatchObject({ daysSeen: 1, daysRebuilt: [], daysUnchanged: 1 });
    // A deleted manifest only means the day is rebuilt.
    await lake.delete(manifestKey("2024-03-02"));
    expect((await compactLake(lake, {}, { env: ENV })).daysRebuilt).toEqual(["2024-03-01", "2024-03-02"]);
  });

  it("rebuilds two changed days around an unchanged one, each with exactly its own rows", async () => {
    for (const day of ["01", "02", "03"]) {
      await writeRawWindow(lake, liveWindow("chan", `2024-03-${day}T10:00:00Z`, [presenceUser("1", "a", 1, 0, 0, [0])]));
    }
    await compactLake(lake, {}, { env: ENV });
    await writeRawWindow(lake, liveWindow("chan", "2024-03-01T11:00:00Z", [presenceUser("2", "b", 1, 0, 0, [0])]));
    await writeRawWindow(lake, liveWindow("chan", "2024-03-03T11:00:00Z", [presenceUser("3", "c", 1, 0, 0, [0])]));
    const report = await compactLake(lake, {}, { env: ENV });
    expect(report).toMatchObject({ daysRebuilt: ["2024-03-01", "2024-03-03"], daysUnchanged: 1 });
    const rows = (await readCuratedRows(lake)).presence;
    const countOn = (date: string) => rows.filter((r) => r.date === date).length;
    expect([countOn("2024-03-01"), countOn("2024-03-02"), countOn("2024-03-03")]).toEqual([2, 1, 2]);
  });

  it("skips malformed files, counts and names them, leaves them in place, and keeps going", async () => {
    await writeRawWindow(lake, liveWindow("chan", "2024-03-01T10:00:00Z", [presenceUser("1", "a", 1, 0, 0, [0])]));
    const prefix = "raw/snapshots/date=2024-03-01/channel=chan/";
    const good = JSON.parse(Buffer.from((await lake.get(`${prefix}2024-03-01T10-00-00Z.json`)) as Uint8Array).toString("utf8"));
    await lake.put(`${prefix}bad-json.json`, '{"version": 1,\n  "platform": "twitch",\n  oops}');
    const { users: _users, ...missingUsers } = good;
    await lake.put(`${prefix}missing-field.json`, JSON.stringify(missingUsers));
    await lake.put(`${prefix}wrong-type.json`, JSON.stringify({ ...good, lengthS: "300" }));
    await lake.put(`${prefix}old-version.json`, JSON.stringify({ ...good, version: 7 }));
    await lake.put(`${prefix}wrong-day.json`, JSON.stringify({ ...good, start: "2024-03-05T10:00:00Z" }));

    const report = await compactLake(lake, {}, { env: ENV });
    expect(report.windowsRead).toBe(1);
    expect(report.rowsWritten.presence).toBe(1);
    expect(report.malformed).toEqual([
      { key: `${prefix}bad-json.json`, reason: expect.stringMatching(/^bad JSON at line 3 column \d+/) },
      { key: `${prefix}missing-field.json`, reason: expect.stringMatching(/^field users: Required/) },
      { key: `${prefix}old-version.json`, reason: "field version: expected 1, got 7" },
      { key: `${prefix}wrong-day.json`, reason: "window starts on 2024-03-05 but is stored under date=2024-03-01" },
      { key: `${prefix}wrong-type.json`, reason: expect.stringMatching(/^field lengthS: Expected number, received string/) },
    ]);
    expect(await keys(prefix)).toHaveLength(6);
    const again = await compactLake(lake, {}, { env: ENV });
    expect(again).toMatchObject({ daysRebuilt: [], malformed: [], malformedEarlier: 5 });
  });

  it("leaves a day's curated files alone when none of its raw files is valid", async () => {
    const partKey = "curated/presence/source=live/date=2024-03-01/part-00000.parquet";
    await lake.put(partKey, "kept as it was");
    await lake.put("raw/snapshots/date=2024-03-01/channel=chan/only.json", "not json");
    const report = await compactLake(lake, {}, { env: ENV });
    expect(report).toMatchObject({ daysRebuilt: ["2024-03-01"], windowsRead: 0, rowsWritten: { presence: 0, channels: 0 } });
    expect(report.malformed).toHaveLength(1);
    expect(Buffer.from((await lake.get(partKey)) as Uint8Array).toString()).toBe("kept as it was");
  });
});
