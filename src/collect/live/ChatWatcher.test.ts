import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { readFileSync } from "node:fs";
import { gunzipSync } from "node:zlib";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { configSchema, createRng, ManualScheduler, PlatformError } from "../../core/index.js";
import { LocalLakeStore } from "../../lake/index.js";
import { FakeIrcServer, type ReplayItem, rewriteChatLine } from "../../../test/fakes/fakeIrcServer.js";
import { presenceMinutes, readRawWindows } from "../../../test/support/readRawWindows.js";
import { Waiter } from "../../../test/support/waiter.js";
import { sentPresence as sentPresenceOf } from "../../../test/support/sentPresence.js";
import { ChatWatcher, type ChatWatcherOptions, watcherOptionsFromConfig } from "./ChatWatcher.js";

const LOG = path.resolve(import.meta.dirname, "../../../../shared/data/irc/xqcow-2019-09-15.txt.gz");
const REAL_LINES = gunzipSync(readFileSync(LOG)).toString("utf8").split("\n").filter(Boolean);

let dir: string;
let lake: LocalLakeStore;
let server: FakeIrcServer | null = null;
let watcher: ChatWatcher | null = null;
beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), "watcher-"));
  lake = new LocalLakeStore(path.join(dir, "lake"));
});
afterEach(async () => {
  await watcher?.stop().catch(() => undefined);
  watcher = null;
  await server?.close();
  server = null;
  await rm(dir, { recursive: true, force: true });
});

/** (channel, user id, minute) of every PRIVMSG/USERNOTICE line the server managed to send. */
function sentPresence(fake: FakeIrcServer): Set<string> {
  return sentPresenceOf(fake.sent).minutes;
}

function startWatcher(scheduler: ManualScheduler, options: Partial<ChatWatcherOptions> = {}) {
  const waiter = new Waiter();
  let presenceEvents = 0;
  let written = 0;
  watcher = new ChatWatcher(
    lake,
    { ircUrl: server!.url, scheduler, rng: createRng(7), ...options },
    {
      onEvent: (e) => {
        if (e.sentAtMs !== null && e.sentAtMs > scheduler.now()) scheduler.clock.set(e.sentAtMs);
        if (e.kind === "message" || e.kind === "usernotice") presenceEvents++;
        waiter.notify();
      },
      onWindowWritten: () => {
        written++;
        waiter.notify();
      },
    },
  );
  return { watcher, waiter, presenceEvents: () => presenceEvents, written: () => written };
}

describe("ChatWatcher", () => {
  it(
    "records every (channel, user, minute) the server sent across 500 channels, through a drop, a RECONNECT and a suspended channel",
    async () => {
      const T0 = Date.parse("2024-05-01T10:04:20Z");
      const scheduler = new ManualScheduler(T0);
      server = await FakeIrcServer.start({ joinLimit: 2000, suspended: ["ch499"] });
      const channels = Array.from({ length: 500 }, (_, i) => `ch${String(i).padStart(3, "0")}`);
      const { watcher, waiter, presenceEvents } = startWatcher(scheduler, { shardSize: 100, joinRatePer10s: 2000 });
      watcher.setChannels(channels);
      await server.waitForJoined(channels.slice(0, 499));
      expect(server.live).toHaveLength(5);

      // 2,000 msg/s for a simulated minute: tmi-sent-ts advances 0.5 ms per line, sent as fast as the sockets take them.
      const total = 120_000;
      function* items(): Generator<ReplayItem> {
        for (let i = 0; i < total; i++) {
          const channel = channels[i % channels.length];
          yield { channel, line: rewriteChatLine(REAL_LINES[i % REAL_LINES.length], { channel, roomId: server!.options.roomId(channel), sentAtMs: T0 + Math.floor(i / 2) }) };
        }
      }
      const result = await server.replay(items(), async (i) => {
        if (i === 40_000) server!.drop(server!.clientOf("ch000")!);
        if (i === 80_000) await server!.sendReconnect(server!.clientOf("ch250")!);
      });
      expect(result.undelivered).toBeGreaterThan(240); // ch499 and the channels of the two clients while they rejoined
      const expected = sentPresence(server);
      const sentPresenceLines = server.sent.filter((s) => / (?:PRIVMSG|USERNOTICE) #/.test(s.line)).length;
      await waiter.until(() => presenceEvents() === sentPresenceLines);
      await watcher.stop();

      const windows = await readRawWindows(lake);
      expect(presenceMinutes(windows)).toEqual(expected);
      expect(new Set(windows.map((w) => w.start))).toEqual(new Set(["2024-05-01T10:00:00.000Z", "2024-05-01T10:05:00.000Z"]));
      expect(watcher.unavailableChannels.get("ch499")).toBe("msg_channel_suspended");
      const stats = watcher.stats;
      expect(stats.reconnects).toBe(2);
      expect(stats.recorder.late).toBe(0);
      expect(stats.malformedLines).toBe(0);
      expect(stats.recorder.recorded).toBe(sentPresenceLines);
      expect(windows.reduce((n, w) => n + w.users.reduce((m, u) => m + u.messages, 0), 0)).toBe(sentPresenceLines);
    },
    60_000,
  );

  it("follows the discovery refresh: joins new channels, parts those that left, one connection per shard", async () => {
    const scheduler = new ManualScheduler(Date.parse("2024-05-01T10:00:00Z"));
    server = await FakeIrcServer.start();
    const { watcher } = startWatcher(scheduler, { shardSize: 2 });
    watcher.setChannels(["a", "b", "c", { login: "d", id: "44", meta: { gameName: "Chess" } }]);
    await server.waitForJoined(["a", "b", "c", "d"]);
    expect(server.live).toHaveLength(2);
    watcher.setChannels(["b", "c", "d", "e"]);
    await server.waitForJoined(["e"]);
    await server.waitFor(() => server!.clientOf("a") === undefined);
    expect(server.received.some((r) => r.line === "PART #a")).toBe(true);
    expect(server.live).toHaveLength(2);
    expect(watcher.stats.channels).toBe(4);
  });

  it("writes a window once the clock passes its end plus the lateness allowance, and the rest on stop", async () => {
    const T0 = Date.parse("2024-05-01T10:00:00Z");
    const scheduler = new ManualScheduler(T0);
    server = await FakeIrcServer.start();
    const { watcher, waiter, written } = startWatcher(scheduler, { windowMinutes: 1, latenessMs: 5_000, flushEveryMs: 1_000 });
    watcher.setChannels([{ login: "a", id: "1", meta: { gameName: "Chess", language: "en" } }]);
    await server.waitForJoined(["a"]);
    const client = server.live[0];
    await server.send(client, `@room-id=1;tmi-sent-ts=${T0 + 10_000};user-id=5 :u!u@u.tmi.twitch.tv PRIVMSG #a :one`);
    await server.send(client, `@room-id=1;tmi-sent-ts=${T0 + 70_000};user-id=6 :v!v@v.tmi.twitch.tv PRIVMSG #a :two`);
    await waiter.until(() => watcher.stats.recorder.recorded === 2);
    scheduler.advance(4_000);
    await waiter.until(() => written() === 1);
    const [first] = await readRawWindows(lake);
    expect(first).toMatchObject({ start: "2024-05-01T10:00:00.000Z", channel: { login: "a", id: "1" }, meta: { gameName: "Chess", language: "en" } });
    expect(first.users.map((u) => u.login)).toEqual(["u"]);
    await watcher.stop();
    expect((await readRawWindows(lake)).map((w) => w.users[0].login)).toEqual(["u", "v"]);
  });

  it("stops everything and reports a refused token once", async () => {
    const scheduler = new ManualScheduler(0);
    server = await FakeIrcServer.start({ validTokens: ["right"] });
    const { watcher } = startWatcher(scheduler, { shardSize: 1, auth: { nick: "me", token: "wrong-token" } });
    watcher.setChannels(["a", "b", "c"]);
    const error = await watcher.finished.then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(PlatformError);
    expect((error as Error).message).toMatch(/^irc: Login authentication failed/);
    expect((error as Error).message).not.toContain("wrong-token");
    expect(watcher.stats.reconnects).toBe(0);
    expect(server.clients.length).toBeLessThanOrEqual(3);
  });

  it("takes its settings from the config's collection section", () => {
    const config = configSchema.parse({ collection: { shard_size: 50, join_rate_per_10s: 2000, collection_interval_minutes: 10 } });
    expect(watcherOptionsFromConfig(config.collection)).toEqual({
      ircUrl: "irc://irc.chat.twitch.tv:6667",
      shardSize: 50,
      joinRatePer10s: 2000,
      windowMinutes: 10,
      bucketLenS: 60,
    });
  });
});
