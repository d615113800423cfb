import { afterEach, describe, expect, it } from "vitest";
import { createRng, ManualScheduler, PlatformError } from "../../../core/index.js";
import { FakeIrcServer } from "../../../../test/fakes/fakeIrcServer.js";
import { Waiter } from "../../../../test/support/waiter.js";
import { type ChatEvent } from "./chatEvent.js";
import { batchChannels, IrcConnection, type IrcConnectionOptions } from "./IrcConnection.js";

let server: FakeIrcServer;
let conn: IrcConnection | null = null;
afterEach(async () => {
  await conn?.stop();
  conn = null;
  await server?.close();
});

function connect(options: Partial<IrcConnectionOptions> = {}, scheduler = new ManualScheduler(1_700_000_000_000)) {
  const events: ChatEvent[] = [];
  const unavailable: string[] = [];
  const fatal: PlatformError[] = [];
  const disconnects: string[] = [];
  const waiter = new Waiter();
  conn = new IrcConnection(
    { url: server.url, scheduler, rng: createRng(1), ...options },
    {
      onEvent: (e) => {
        events.push(e);
        waiter.notify();
      },
      onChannelUnavailable: (login) => {
        unavailable.push(login);
        waiter.notify();
      },
      onFatal: (e) => {
        fatal.push(e);
        waiter.notify();
      },
      onReady: () => waiter.notify(),
      onDisconnect: (reason) => {
        disconnects.push(reason);
        waiter.notify();
      },
    },
  );
  conn.start();
  return { conn, events, unavailable, fatal, disconnects, waiter, scheduler };
}

describe("IrcConnection", () => {
  it("logs in anonymously with tags and commands, joins in one batch and answers PING", async () => {
    server = await FakeIrcServer.start();
    const { conn, events, waiter } = connect();
    conn.join(["a", "b", "c"]);
    await server.waitForJoined(["a", "b", "c"]);
    const lines = server.received.map((r) => r.line);
    expect(lines[0]).toBe("CAP REQ :twitch.tv/tags twitch.tv/commands");
    expect(lines[2]).toMatch(/^NICK justinfan\d+$/);
    expect(lines).toContain("JOIN #a,#b,#c");
    await server.ping(server.live[0]);
    await server.waitFor(() => server.received.some((r) => r.line === "PONG :tmi.twitch.tv"));
    await server.send(server.live[0], "@room-id=1;tmi-sent-ts=5;user-id=9 :x!x@x.tmi.twitch.tv PRIVMSG #a :hi");
    await waiter.until(() => events.some((e) => e.kind === "message"));
    expect(events.find((e) => e.kind === "roomstate")).toMatchObject({ channelLogin: "a" });
    await waiter.until(() => conn.joinedChannels.size === 3);
  });

  it("keeps to the JOIN rate limit on its clock and sends the rest when the window moves", async () => {
    const scheduler = new ManualScheduler(0);
    server = await FakeIrcServer.start({ joinLimit: 20, now: () => scheduler.now() });
    const channels = Array.from({ length: 45 }, (_, i) => `ch${i}`);
    const { conn } = connect({ joinRatePer10s: 20 }, scheduler);
    conn.join(channels);
    await server.waitForJoined(channels.slice(0, 20));
    expect(server.live[0].joined.size).toBe(20);
    scheduler.advance(10_000);
    await server.waitForJoined(channels.slice(0, 40));
    expect(server.live[0].joined.size).toBe(40);
    scheduler.advance(10_000);
    await server.waitForJoined(channels);
    expect(server.clients).toHaveLength(1);
  });

  it("notes a suspended channel and does not join it again after a reconnect", async () => {
    server = await FakeIrcServer.start({ suspended: ["gone"] });
    const { conn, unavailable, waiter } = connect();
    conn.join(["gone", "live"]);
    await waiter.until(() => unavailable.length === 1);
    expect(conn.unavailableChannels.get("gone")).toBe("msg_channel_suspended");
    await server.sendReconnect(server.live[0]);
    await server.waitFor(() => server.clients.length === 2 && server.clients[1].joined.has("live"));
    expect(server.received.filter((r) => r.clientId === 1 && r.line.startsWith("JOIN")).map((r) => r.line)).toEqual(["JOIN #live"]);
    expect(conn.counts.reconnects).toBe(1);
  });

  it("treats a missing PONG as a drop and reconnects with backoff after the immediate retry", async () => {
    server = await FakeIrcServer.start({ answerPings: false });
    const { conn, scheduler, disconnects, waiter } = connect({ pingIdleMs: 30_000, pongTimeoutMs: 5_000, backoffBaseMs: 1_000 });
    conn.join(["a"]);
    await server.waitForJoined(["a"]);
    scheduler.advance(30_000);
    await server.waitFor(() => server.received.some((r) => r.line === "PING :vieweratlas"));
    scheduler.advance(5_000);
    await server.waitFor(() => server.clients.length === 2 && server.clients[1].joined.has("a"));
    // The second drop in a row waits for the backoff (1 s) before reconnecting.
    server.drop(server.clients[1]);
    await waiter.until(() => disconnects.length === 2);
    expect(server.clients).toHaveLength(2);
    scheduler.advance(1_000);
    await server.waitFor(() => server.clients.length === 3 && server.clients[2].joined.has("a"));
    expect(conn.counts.reconnects).toBe(2);
  });

  it("reports a refused login once and does not retry", async () => {
    server = await FakeIrcServer.start({ validTokens: ["good"] });
    const { fatal, waiter, conn } = connect({ auth: { nick: "someone", token: "bad-token" } });
    await waiter.until(() => fatal.length > 0);
    expect(fatal).toHaveLength(1);
    expect(fatal[0]).toBeInstanceOf(PlatformError);
    expect(fatal[0].message).toContain("Login authentication failed");
    expect(fatal[0].message).not.toContain("bad-token");
    await conn.stop();
    expect(server.clients).toHaveLength(1);
    expect(server.received.some((r) => r.line === "PASS oauth:bad-token")).toBe(true);
  });

  it("counts malformed lines and keeps reading", async () => {
    server = await FakeIrcServer.start();
    const { conn, events, waiter } = connect();
    conn.join(["a"]);
    await server.waitForJoined(["a"]);
    await server.send(server.live[0], "@broken");
    await server.send(server.live[0], "@room-id=1;tmi-sent-ts=5;user-id=9 :x!x@x.tmi.twitch.tv PRIVMSG #a :still here");
    await waiter.until(() => events.some((e) => e.kind === "message"));
    expect(conn.counts.malformedLines).toBe(1);
  });

  it("batches channels into JOIN lines under the IRC length limit", () => {
    const logins = Array.from({ length: 100 }, (_, i) => `channel_name_${i}`);
    const lines = batchChannels(logins);
    expect(lines.length).toBeGreaterThan(1);
    expect(lines.every((l) => l.length <= 500)).toBe(true);
    expect(lines.join(",").split(",")).toHaveLength(100);
  });
});
