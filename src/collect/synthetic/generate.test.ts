import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { ConfigError, loadBotLists, validatePresenceWindow } from "../../core/index.js";
import { generateSynthetic, syntheticUserLogin } from "./generate.js";
import { writePeerCsv } from "./peerCsv.js";
import { syntheticWindows } from "./windows.js";

const SMALL = { channels: 60, users: 3000, days: 7, communities: 4, bots: 6, seed: 7 };

describe("generateSynthetic", () => {
  it("gives the same rows for the same seed and other rows for another", () => {
    const a = generateSynthetic(SMALL);
    const b = generateSynthetic(SMALL);
    const c = generateSynthetic({ ...SMALL, seed: 8 });
    expect(a.rows.count).toBe(b.rows.count);
    expect(Buffer.from(a.rows.userIdx.buffer).equals(Buffer.from(b.rows.userIdx.buffer))).toBe(true);
    expect(a.channels).toEqual(b.channels);
    expect(Buffer.from(a.rows.channelIdx.buffer).equals(Buffer.from(c.rows.channelIdx.buffer))).toBe(false);
  });

  it("plants communities: most users stay in one community, and languages follow communities", () => {
    const data = generateSynthetic(SMALL);
    const perUser = new Map<number, Map<number, number>>();
    for (let i = 0; i < data.rows.count; i++) {
      const u = data.rows.userIdx[i];
      if (u >= data.humanCount) continue;
      const k = data.channels[data.rows.channelIdx[i]].community;
      const m = perUser.get(u) ?? new Map<number, number>();
      m.set(k, (m.get(k) ?? 0) + 1);
      perUser.set(u, m);
    }
    let inOne = 0;
    for (const m of perUser.values()) if (m.size === 1) inOne++;
    expect(inOne / perUser.size).toBeGreaterThan(0.8);
    for (let k = 0; k < SMALL.communities; k++) {
      const langs = data.channels.filter((c) => c.community === k).map((c) => c.language);
      const top = Math.max(...[...new Set(langs)].map((l) => langs.filter((x) => x === l).length));
      expect(top / langs.length).toBeGreaterThan(0.6);
    }
  });

  it("gives most users 1-3 channels and a few many (heavy tail)", () => {
    const data = generateSynthetic({ ...SMALL, users: 20_000 });
    const channelsOf = new Map<number, Set<number>>();
    for (let i = 0; i < data.rows.count; i++) {
      const u = data.rows.userIdx[i];
      if (u >= data.humanCount) continue;
      const s = channelsOf.get(u) ?? new Set<number>();
      s.add(data.rows.channelIdx[i]);
      channelsOf.set(u, s);
    }
    const degrees = [...channelsOf.values()].map((s) => s.size);
    expect(degrees.filter((d) => d <= 3).length / degrees.length).toBeGreaterThan(0.85);
    expect(Math.max(...degrees)).toBeGreaterThanOrEqual(10);
  });

  it("puts a few dozen bots in most channels, half of them named after listed service bots", () => {
    const data = generateSynthetic({ ...SMALL, bots: 10 });
    expect(data.botLogins).toHaveLength(10);
    const service = loadBotLists().service;
    expect(data.botLogins.filter((l) => service.has(l))).toHaveLength(5);
    expect(syntheticUserLogin(data, data.humanCount)).toBe(data.botLogins[0]);
    const channelsOfBot = new Map<number, Set<number>>();
    for (let i = 0; i < data.rows.count; i++) {
      const u = data.rows.userIdx[i];
      if (u < data.humanCount) continue;
      const s = channelsOfBot.get(u) ?? new Set<number>();
      s.add(data.rows.channelIdx[i]);
      channelsOfBot.set(u, s);
    }
    for (const s of channelsOfBot.values()) expect(s.size / SMALL.channels).toBeGreaterThan(0.3);
  });

  it("rejects bad options with a ConfigError naming the field", () => {
    expect(() => generateSynthetic({ channels: 0 })).toThrow(ConfigError);
    expect(() => generateSynthetic({ start: "2025-13-40" })).toThrow(/synthetic: invalid options: start/);
  });
});

describe("syntheticWindows", () => {
  it("yields one valid live window per channel-day holding exactly that day's users", () => {
    const data = generateSynthetic(SMALL);
    let users = 0;
    let windows = 0;
    const keys = new Set<string>();
    for (const w of syntheticWindows(data)) {
      const valid = validatePresenceWindow(w);
      users += valid.users.length;
      windows++;
      keys.add(`${w.channel.login}/${w.start}`);
    }
    expect(users).toBe(data.rows.count);
    expect(keys.size).toBe(windows);
  });
});

describe("writePeerCsv", () => {
  it("writes the peer's presence.csv and channels.csv", async () => {
    const data = generateSynthetic(SMALL);
    const dir = await mkdtemp(path.join(tmpdir(), "peer-csv-"));
    try {
      const files = await writePeerCsv(data, dir);
      const presence = (await readFile(files.presence, "utf8")).trimEnd().split("\n");
      expect(presence[0]).toBe("user_id,stream_id,streamer,time_start,time_stop");
      expect(presence).toHaveLength(data.rows.count + 1);
      const [user, , streamer] = presence[1].split(",");
      expect(Number(user)).toBe(data.rows.userIdx[0]);
      expect(streamer).toBe(data.channels[data.rows.channelIdx[0]].login);
      const channels = (await readFile(files.channels, "utf8")).trimEnd().split("\n");
      expect(channels[0]).toBe("streamer,language,game,community");
      expect(channels).toHaveLength(SMALL.channels + 1);
      expect(channels[1].split(",")).toHaveLength(4);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
